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

    /// <summary>The base URL that <c>{DevProvider}</c> stands for in provider URLs.</summary>
    public string? DevProviderUrl { get; set; }

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
