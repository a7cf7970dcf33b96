using System.Collections.Concurrent;

namespace AuthActors.DevProvider;

/// <summary>
/// Thread-safe counters of what the dev provider did, for tests and the <c>/_dev/counters</c> endpoint:
/// requests per endpoint (keys in <see cref="Endpoints"/>) and protocol events.
/// </summary>
public sealed class DevProviderCounters
{
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private long _codesIssued;
    private long _codesRedeemed;
    private long _codeReuseAttempts;
    private long _refreshRotations;
    private long _refreshReuseAttempts;
    private long _requestTokensIssued;
    private long _oauth1AccessTokensIssued;
    private long _signatureFailures;
    private long _nonceReplays;
    private long _injectedFaults;

    /// <summary>The endpoint keys of <see cref="Get"/>.</summary>
    public static class Endpoints
    {
        /// <summary>GET <c>/oauth2/authorize</c>.</summary>
        public const string OAuth2Authorize = "oauth2.authorize";
        /// <summary>POST <c>/oauth2/consent</c>.</summary>
        public const string OAuth2Consent = "oauth2.consent";
        /// <summary>POST <c>/oauth2/token</c>.</summary>
        public const string OAuth2Token = "oauth2.token";
        /// <summary>POST <c>/oauth2/revoke</c>.</summary>
        public const string OAuth2Revoke = "oauth2.revoke";
        /// <summary>POST <c>/oauth2/introspect</c>.</summary>
        public const string OAuth2Introspect = "oauth2.introspect";
        /// <summary>GET <c>/oauth2/userinfo</c> and GET <c>/api/user</c>.</summary>
        public const string OAuth2UserInfo = "oauth2.userinfo";
        /// <summary>GET <c>/.well-known/oauth-authorization-server</c>.</summary>
        public const string OAuth2Metadata = "oauth2.metadata";
        /// <summary>GET <c>/.well-known/openid-configuration</c>.</summary>
        public const string OidcDiscovery = "oidc.discovery";
        /// <summary>GET <c>/oauth2/jwks</c>.</summary>
        public const string OAuth2Jwks = "oauth2.jwks";
        /// <summary>POST <c>/oauth1/request_token</c>.</summary>
        public const string OAuth1RequestToken = "oauth1.request_token";
        /// <summary>GET <c>/oauth1/authorize</c>.</summary>
        public const string OAuth1Authorize = "oauth1.authorize";
        /// <summary>POST <c>/oauth1/consent</c>.</summary>
        public const string OAuth1Consent = "oauth1.consent";
        /// <summary>POST <c>/oauth1/access_token</c>.</summary>
        public const string OAuth1AccessToken = "oauth1.access_token";
        /// <summary>GET or POST <c>/oauth1/api/user</c>.</summary>
        public const string OAuth1Resource = "oauth1.resource";
    }

    /// <summary>How many requests reached <paramref name="endpoint"/> (a key of <see cref="Endpoints"/>).</summary>
    public long Get(string endpoint) => _requests.TryGetValue(endpoint, out var count) ? count : 0;

    /// <summary>Authorization codes issued.</summary>
    public long CodesIssued => Interlocked.Read(ref _codesIssued);

    /// <summary>Authorization codes exchanged for tokens.</summary>
    public long CodesRedeemed => Interlocked.Read(ref _codesRedeemed);

    /// <summary>Attempts to redeem an already redeemed code (RFC 6749 §4.1.2).</summary>
    public long CodeReuseAttempts => Interlocked.Read(ref _codeReuseAttempts);

    /// <summary>Refresh tokens exchanged (each one rotated).</summary>
    public long RefreshRotations => Interlocked.Read(ref _refreshRotations);

    /// <summary>Attempts to use an already rotated refresh token.</summary>
    public long RefreshReuseAttempts => Interlocked.Read(ref _refreshReuseAttempts);

    /// <summary>OAuth 1 temporary credentials issued.</summary>
    public long RequestTokensIssued => Interlocked.Read(ref _requestTokensIssued);

    /// <summary>OAuth 1 token credentials issued.</summary>
    public long OAuth1AccessTokensIssued => Interlocked.Read(ref _oauth1AccessTokensIssued);

    /// <summary>OAuth 1 requests whose signature (or body hash) did not verify.</summary>
    public long SignatureFailures => Interlocked.Read(ref _signatureFailures);

    /// <summary>OAuth 1 requests refused for a reused nonce.</summary>
    public long NonceReplays => Interlocked.Read(ref _nonceReplays);

    /// <summary>Requests answered with an injected 503 or dropped by a knob.</summary>
    public long InjectedFaults => Interlocked.Read(ref _injectedFaults);

    /// <summary>A consistent-enough copy of every counter.</summary>
    public DevProviderCountersSnapshot Snapshot() => new(
        new SortedDictionary<string, long>(_requests, StringComparer.Ordinal),
        CodesIssued, CodesRedeemed, CodeReuseAttempts, RefreshRotations, RefreshReuseAttempts,
        RequestTokensIssued, OAuth1AccessTokensIssued, SignatureFailures, NonceReplays, InjectedFaults);

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _codesIssued, 0);
        Interlocked.Exchange(ref _codesRedeemed, 0);
        Interlocked.Exchange(ref _codeReuseAttempts, 0);
        Interlocked.Exchange(ref _refreshRotations, 0);
        Interlocked.Exchange(ref _refreshReuseAttempts, 0);
        Interlocked.Exchange(ref _requestTokensIssued, 0);
        Interlocked.Exchange(ref _oauth1AccessTokensIssued, 0);
        Interlocked.Exchange(ref _signatureFailures, 0);
        Interlocked.Exchange(ref _nonceReplays, 0);
        Interlocked.Exchange(ref _injectedFaults, 0);
    }

    internal void Request(string endpoint) => _requests.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    internal void CodeIssued() => Interlocked.Increment(ref _codesIssued);

    internal void CodeRedeemed() => Interlocked.Increment(ref _codesRedeemed);

    internal void CodeReused() => Interlocked.Increment(ref _codeReuseAttempts);

    internal void RefreshRotated() => Interlocked.Increment(ref _refreshRotations);

    internal void RefreshReused() => Interlocked.Increment(ref _refreshReuseAttempts);

    internal void RequestTokenIssued() => Interlocked.Increment(ref _requestTokensIssued);

    internal void OAuth1AccessTokenIssued() => Interlocked.Increment(ref _oauth1AccessTokensIssued);

    internal void SignatureFailed() => Interlocked.Increment(ref _signatureFailures);

    internal void NonceReplayed() => Interlocked.Increment(ref _nonceReplays);

    internal void FaultInjected() => Interlocked.Increment(ref _injectedFaults);
}
