namespace AuthActors.DevProvider;

/// <summary>The dev provider's endpoint paths, relative to its root (the base URL, plus any path prefix).</summary>
public static class DevProviderPaths
{
    /// <summary>The OAuth 2 authorization endpoint (RFC 6749 §3.1).</summary>
    public const string OAuth2Authorize = "/oauth2/authorize";
    /// <summary>Where the OAuth 2 consent page posts its decision.</summary>
    public const string OAuth2Consent = "/oauth2/consent";
    /// <summary>The OAuth 2 token endpoint (RFC 6749 §3.2).</summary>
    public const string OAuth2Token = "/oauth2/token";
    /// <summary>The revocation endpoint (RFC 7009).</summary>
    public const string OAuth2Revoke = "/oauth2/revoke";
    /// <summary>The introspection endpoint (RFC 7662).</summary>
    public const string OAuth2Introspect = "/oauth2/introspect";
    /// <summary>The user info endpoint.</summary>
    public const string OAuth2UserInfo = "/oauth2/userinfo";
    /// <summary>The base of the protected API (<c>user</c> under it is the user).</summary>
    public const string ApiBase = "/api/";
    /// <summary>The protected API's user resource.</summary>
    public const string ApiUser = "/api/user";
    /// <summary>Authorization server metadata (RFC 8414 §3).</summary>
    public const string Metadata = "/.well-known/oauth-authorization-server";
    /// <summary>OpenID Provider configuration (OpenID Connect Discovery 1.0 §4), appended to the issuer's path.</summary>
    public const string OidcDiscovery = "/.well-known/openid-configuration";
    /// <summary>The JWK Set of the id_token signing keys (RFC 7517 §5).</summary>
    public const string Jwks = "/oauth2/jwks";
    /// <summary>The OAuth 1 temporary credential request endpoint (RFC 5849 §2.1).</summary>
    public const string OAuth1RequestToken = "/oauth1/request_token";
    /// <summary>The OAuth 1 resource owner authorization endpoint (RFC 5849 §2.2).</summary>
    public const string OAuth1Authorize = "/oauth1/authorize";
    /// <summary>Where the OAuth 1 consent page posts its decision.</summary>
    public const string OAuth1Consent = "/oauth1/consent";
    /// <summary>The OAuth 1 token request endpoint (RFC 5849 §2.3).</summary>
    public const string OAuth1AccessToken = "/oauth1/access_token";
    /// <summary>The OAuth 1 protected user resource.</summary>
    public const string OAuth1User = "/oauth1/api/user";
    /// <summary>GET: the counters as JSON.</summary>
    public const string DevCounters = "/_dev/counters";
    /// <summary>POST (JSON) or DELETE: one client's knobs; append the client id.</summary>
    public const string DevKnobs = "/_dev/knobs";
    /// <summary>POST: resets counters and knobs.</summary>
    public const string DevReset = "/_dev/reset";
    /// <summary>POST, query <c>keepPrevious=true|false</c> (default true): new signing keys with new <c>kid</c>s.</summary>
    public const string DevRotateKeys = "/_dev/rotate-keys";
}
