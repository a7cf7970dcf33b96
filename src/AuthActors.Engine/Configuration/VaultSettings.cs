using Akka.Configuration;

namespace AuthActors.Engine.Configuration;

/// <summary>The token vault's settings (<c>authactors.vault</c>).</summary>
/// <param name="StoreOnLogin">Whether a completed login stores its tokens as a grant.</param>
/// <param name="RefreshLeeway">How long before expiry a token is refreshed instead of handed out.</param>
/// <param name="IdleTimeout">An idle grant's actor stops after this; its state stays in the journal.</param>
public sealed record VaultSettings(bool StoreOnLogin, TimeSpan RefreshLeeway, TimeSpan IdleTimeout)
{
    /// <summary>Grant actors alive at once on a node (single-process mode) above which the least recently used idle ones passivate; 0 for no limit.</summary>
    public int ActiveLimit { get; init; }

    /// <summary>
    /// How long a grant that a login has just stored stays in memory unless its token or info is asked for (which gives
    /// it <see cref="IdleTimeout"/>): most are not asked for at once, and every live grant is heap each garbage
    /// collection copies or walks.
    /// </summary>
    public TimeSpan StoredIdleTimeout { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Reads <c>authactors.vault</c> of <paramref name="config"/> , falling back to the defaults.</summary>
    public static VaultSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(AuthActorsSettings.DefaultConfig()).GetConfig("authactors.vault");
        return new VaultSettings(c.GetBoolean("store-on-login"), c.GetTimeSpan("refresh-leeway"), c.GetTimeSpan("idle-timeout"))
        {
            ActiveLimit = c.GetInt("active-limit"),
            StoredIdleTimeout = c.GetTimeSpan("stored-idle-timeout"),
        };
    }
}
