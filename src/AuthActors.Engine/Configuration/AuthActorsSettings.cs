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
        };
    }
}
