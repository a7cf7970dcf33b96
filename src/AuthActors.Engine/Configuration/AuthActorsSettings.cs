using Akka.Actor;
using Akka.Configuration;

namespace AuthActors.Engine.Configuration;

/// <summary>
/// The engine's runtime settings, read from the <c>authactors</c> HOCON section (the embedded
/// <c>authactors.reference.conf</c> holds the commented defaults).
/// </summary>
/// <param name="Expiry">How long a login may take from begin to callback.</param>
/// <param name="IdleTimeout">Idle time before a pending attempt passivates.</param>
/// <param name="TerminalIdleTimeout">Idle time before a finished attempt passivates.</param>
/// <param name="CallTimeout">The limit for one call to a provider.</param>
/// <param name="Retention">How long events are kept after an attempt's deadline.</param>
/// <param name="AskTimeout">How long the facade waits for an attempt.</param>
/// <param name="JournalPluginId">The journal plugin id, empty for the default.</param>
/// <param name="SnapshotPluginId">The snapshot plugin id, empty for the default.</param>
public sealed record AuthActorsSettings(
    TimeSpan Expiry,
    TimeSpan IdleTimeout,
    TimeSpan TerminalIdleTimeout,
    TimeSpan CallTimeout,
    TimeSpan Retention,
    TimeSpan AskTimeout,
    string JournalPluginId,
    string SnapshotPluginId)
{
    /// <summary>How long a completed login hands its outcome to retried callbacks (browser retries).</summary>
    public TimeSpan CompletionGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most logins of one provider that may be beginning at once on this node; 0 for no cap.</summary>
    public int MaxConcurrentBegins { get; init; }

    /// <summary>The most token requests to one provider at once on this node; 0 for no cap (further ones queue).</summary>
    public int MaxConcurrentExchanges { get; init; }

    /// <summary>
    /// Attempt actors of one provider alive at once on a node (single-process mode) above which the least recently
    /// used idle ones passivate; 0 for no limit.
    /// </summary>
    public int ActiveLimit { get; init; }

    /// <summary>How long the facade waits for a begin: the ask timeout, and at least a discovery plus a request-token call.</summary>
    public TimeSpan BeginTimeout => Max(AskTimeout, (CallTimeout * 2) + TimeSpan.FromSeconds(2));

    /// <summary>
    /// How long the facade waits for a callback: the ask timeout, and at least the calls a callback covers (token,
    /// keys, user info and its one retry), so a slow provider never turns a successful login into a Timeout.
    /// </summary>
    public TimeSpan CompleteTimeout => Max(AskTimeout, (CallTimeout * 4) + TimeSpan.FromSeconds(2));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The token vault's settings.</summary>
    public VaultSettings Vault { get; init; } = new(true, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(2));

    /// <summary>OpenID Connect discovery settings.</summary>
    public OidcSettings Oidc { get; init; } = OidcSettings.Create(Akka.Configuration.Config.Empty);

    /// <summary>The embedded reference configuration.</summary>
    public static Config DefaultConfig()
    {
        using var stream = typeof(AuthActorsSettings).Assembly.GetManifestResourceStream("authactors.reference.conf")
                           ?? throw new InvalidOperationException("authactors.reference.conf is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>Reads the settings of <paramref name="system"/>, falling back to the reference defaults.</summary>
    public static AuthActorsSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>Reads the <c>authactors</c> section of <paramref name="config"/>, falling back to the defaults.</summary>
    public static AuthActorsSettings Create(Config config)
    {
        var c = config.WithFallback(DefaultConfig()).GetConfig("authactors");
        return new AuthActorsSettings(
            c.GetTimeSpan("attempt.expiry"),
            c.GetTimeSpan("attempt.idle-timeout"),
            c.GetTimeSpan("attempt.terminal-idle-timeout"),
            c.GetTimeSpan("attempt.call-timeout"),
            c.GetTimeSpan("attempt.retention"),
            c.GetTimeSpan("ask-timeout"),
            c.GetString("journal-plugin-id", string.Empty),
            c.GetString("snapshot-plugin-id", string.Empty))
        {
            Oidc = OidcSettings.Create(config),
            Vault = VaultSettings.Create(config),
            CompletionGrace = c.GetTimeSpan("attempt.completion-grace"),
            MaxConcurrentBegins = c.GetInt("shedding.max-concurrent-begins-per-provider"),
            MaxConcurrentExchanges = c.GetInt("shedding.max-concurrent-exchanges-per-provider"),
            ActiveLimit = c.GetInt("attempt.active-limit"),
        };
    }
}
