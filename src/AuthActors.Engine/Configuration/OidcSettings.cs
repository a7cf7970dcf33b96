using Akka.Configuration;

namespace AuthActors.Engine.Configuration;

/// <summary>OpenID Connect discovery settings (the <c>authactors.oidc</c> HOCON section).</summary>
/// <param name="MetadataRefreshInterval">How long metadata and keys are used before they are fetched again.</param>
/// <param name="JwksMinRefreshInterval">The least time between two JWKS fetches forced by an unknown <c>kid</c>.</param>
/// <param name="FailureBackoff">The first wait after a failed fetch; it doubles on each failure.</param>
/// <param name="MaxFailureBackoff">The longest wait after failed fetches.</param>
public sealed record OidcSettings(TimeSpan MetadataRefreshInterval, TimeSpan JwksMinRefreshInterval, TimeSpan FailureBackoff, TimeSpan MaxFailureBackoff)
{
    /// <summary>Reads the <c>authactors.oidc</c> section of <paramref name="config"/>.</summary>
    public static OidcSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(AuthActorsSettings.DefaultConfig()).GetConfig("authactors.oidc");
        return new OidcSettings(
            c.GetTimeSpan("metadata-refresh-interval"),
            c.GetTimeSpan("jwks-min-refresh-interval"),
            c.GetTimeSpan("failure-backoff"),
            c.GetTimeSpan("max-failure-backoff"));
    }
}
