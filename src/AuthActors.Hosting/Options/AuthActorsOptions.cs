namespace AuthActors.Hosting.Options;

/// <summary>
/// The <c>AuthActors</c> configuration section (config/appsettings*.json, environment variables such as
/// <c>AuthActors__Providers__github__ClientSecret</c>, user secrets). Secrets never belong in HOCON.
/// </summary>
public sealed class AuthActorsOptions
{
    /// <summary>The section name.</summary>
    public const string SectionName = "AuthActors";

    /// <summary>The directory relative paths resolve against; set by <c>AddAuthActorsConfiguration</c>, else the content root.</summary>
    public string? RootDirectory { get; set; }

    /// <summary>Where the embedded default keeps its files (SQLite journal, development key). Relative paths resolve against <see cref="RootDirectory"/>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The journal.</summary>
    public PersistenceOptions Persistence { get; set; } = new();

    /// <summary>The key that seals secrets in the journal.</summary>
    public EncryptionOptions Encryption { get; set; } = new();

    /// <summary>HOCON files layered over the defaults (relative to the content root), for example <c>hocon/sqlite.conf</c>.</summary>
    public List<string> HoconFiles { get; set; } = [];

    /// <summary>
    /// Named base URLs that provider URLs may refer to as <c>{Name}</c>: with <c>"Urls": { "Idp": "https://idp.example" }</c>,
    /// <c>"AuthorizeUrl": "{Idp}/authorize"</c> means <c>https://idp.example/authorize</c>. One place to move a provider's host
    /// (the reference configuration points its development providers at <c>{DevProvider}</c>).
    /// </summary>
    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Development only: allow provider URLs over plain http on hosts other than loopback (for example a
    /// DevProvider container). Off by default: RFC 9700 requires TLS for every endpoint.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Cluster mode; off for the single-process default.</summary>
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>The providers by name (letters, digits, <c>-</c> and <c>_</c>).</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Which journal attempts are written to.</summary>
public sealed class PersistenceOptions
{
    /// <summary><c>Sqlite</c> (default, one process), <c>PostgreSql</c> (clusters) or <c>InMemory</c> (tests and benchmarks; nothing survives).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The connection string; for SQLite the default is <c>Data Source={DataDirectory}/authactors.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite's <c>synchronous</c> setting for the journal's connections: <c>Normal</c> (default; with WAL a
    /// commit survives a crash of the process, the last ones may be lost if the machine loses power) or
    /// <c>Full</c> (every commit is fsynced: several times slower).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Normal";

    /// <summary>
    /// The SQLite journal's write path: <c>AuthActors</c> (default; prepared statements and group commit over
    /// Akka.Persistence.Sql's schema) or <c>AkkaPersistenceSql</c> (Akka.Persistence.Sql's own journal). Either reads
    /// what the other wrote.
    /// </summary>
    public string SqliteJournal { get; set; } = "AuthActors";

    /// <summary>How often events past their retention are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The encryption of secret fields.</summary>
public sealed class EncryptionOptions
{
    /// <summary>The 32-byte key, base64. When empty, a development key is generated under the data directory (with a warning).</summary>
    public string? Key { get; set; }

    /// <summary>The key's id, written with each sealed value so keys can be rotated.</summary>
    public string KeyId { get; set; } = "k1";

    /// <summary>Older keys still accepted for decryption, base64, keyed by id.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Cluster mode: engine nodes host one Cluster Sharding region per provider (<c>attempts-{provider}</c>);
/// frontend nodes host none and reach them through sharding proxies.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The role of an engine node.</summary>
    public const string EngineRole = "engine";

    /// <summary>The role of a frontend node.</summary>
    public const string FrontendRole = "frontend";

    /// <summary>True to join a cluster.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>engine</c> (hosts attempts; needs the journal) or <c>frontend</c> (web frontends; no journal).</summary>
    public string Role { get; set; } = EngineRole;

    /// <summary>The address this node binds and advertises.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The remoting port; 0 picks a free one.</summary>
    public int Port { get; set; } = 4053;

    /// <summary>The public hostname, when it differs from <see cref="Hostname"/> (containers).</summary>
    public string? PublicHostname { get; set; }

    /// <summary>Seed node addresses, for example <c>akka.tcp://authactors@127.0.0.1:4053</c>.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>Shards per provider region; about ten per engine node you expect.</summary>
    public int NumberOfShards { get; set; } = 30;

    /// <summary>True for a frontend node.</summary>
    public bool IsFrontend => Enabled && string.Equals(Role, FrontendRole, StringComparison.OrdinalIgnoreCase);
}
