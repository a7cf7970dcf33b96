using System.Security.Cryptography;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.DevProvider;

/// <summary>
/// Configuration of a dev provider: its clients, its single user, lifetimes, consent behaviour and the
/// injected clock and random source. Read when the provider starts; change it before that.
/// </summary>
public sealed class DevProviderOptions
{
    /// <summary>
    /// The issuer identifier (RFC 8414 §2, RFC 9207 §2), or <c>null</c> for the provider's own base URL
    /// (for example <c>http://127.0.0.1:43123</c>, or that URL plus the path prefix when embedded).
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The registered OAuth 2 clients; one <see cref="DevOAuth2Client"/> with the defaults by default.</summary>
    public List<DevOAuth2Client> OAuth2Clients { get; } = [new DevOAuth2Client()];

    /// <summary>The registered OAuth 1 clients (consumers); one <see cref="DevOAuth1Client"/> with the defaults by default.</summary>
    public List<DevOAuth1Client> OAuth1Clients { get; } = [new DevOAuth1Client()];

    /// <summary>The resource owner every authorization is granted by.</summary>
    public DevUser User { get; set; } = new();

    /// <summary>How long an authorization code can be redeemed (RFC 6749 §4.1.2 recommends at most 10 minutes).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The lifetime of OAuth 2 access tokens (<c>expires_in</c>).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When above 0, each OAuth 2 login without a <c>login_hint</c> signs in one of this many users, picked at random
    /// (subjects <c>user-0</c> to <c>user-{n-1}</c>), as a population of users would; 0 (the default) always signs in
    /// <see cref="User"/>. Benchmarks use it so that logins are not all the same user's.
    /// </summary>
    public int UserPool { get; set; }

    /// <summary>The lifetime of id_tokens: <c>exp</c> is <c>iat</c> plus this (OpenID Connect Core §2).</summary>
    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The first RS256 signing key (at least 2048 bits), for reproducible tokens; <c>null</c> to generate an
    /// RSA 2048 key when the provider first needs one. Its <c>kid</c> is its RFC 7638 thumbprint.
    /// </summary>
    public RSA? RsaSigningKey { get; set; }

    /// <summary>
    /// The first ES256 signing key (curve P-256); <c>null</c> to generate one when the provider first needs
    /// one. Its <c>kid</c> is its RFC 7638 thumbprint.
    /// </summary>
    public ECDsa? EcSigningKey { get; set; }

    /// <summary>How long an OAuth 1 temporary credential (request token) can be authorized and exchanged.</summary>
    public TimeSpan RequestTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far an OAuth 1 <c>oauth_timestamp</c> may be from the clock, either way (RFC 5849 §3.3).</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True to approve every authorization at once; false to show an HTML consent page with Approve and
    /// Deny buttons. A request can override it with <c>dev_consent=deny</c> or <c>dev_consent=page</c>.
    /// </summary>
    public bool AutoApprove { get; set; } = true;

    /// <summary>The clock for expiry and OAuth 1 timestamps. Injected delays (latency knobs) use real time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The source of every code, token, secret and verifier the provider issues.</summary>
    public IRandomSource Random { get; set; } = CryptoRandomSource.Instance;

    /// <summary>
    /// The seed of the pseudo-random generator that decides whether an error or drop rate fires, for
    /// reproducible fault runs; <c>null</c> for an unseeded one. Rates of 0 and 1 never consult it.
    /// </summary>
    public int? FaultSeed { get; set; }
}
