using System.Security.Cryptography;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth1;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// One configured provider: an explicit choice between <see cref="OAuth1ProviderDefinition"/> and
/// <see cref="OAuth2ProviderDefinition"/> (where the seed infers OAuth 1 from a request token URL).
/// Never printed with its secrets.
/// </summary>
/// <param name="Name">The provider's name, for example <c>github</c>; used in routes and persistence ids.</param>
/// <param name="ClientId">The client identifier (OAuth 1 consumer key).</param>
/// <param name="ClientSecret">The client secret (OAuth 1 consumer secret).</param>
/// <param name="AuthorizeUrl">The authorization endpoint.</param>
/// <param name="AccessTokenUrl">The token endpoint (OAuth 1: Token Request URI).</param>
public abstract record ProviderDefinition(string Name, string ClientId, string? ClientSecret, string AuthorizeUrl, string AccessTokenUrl)
{
    /// <summary>A human-readable name for buttons, for example <c>GitHub</c>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Extra parameters of every authorization URL (the seed's <c>authorize_params</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AuthorizeParams { get; init; } = [];

    /// <summary>Extra parameters of every access token request (the seed's <c>access_token_params</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AccessTokenParams { get; init; } = [];

    /// <summary>The base against which relative API URLs resolve (the seed's <c>api_base_url</c>).</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary>Origins besides <see cref="ApiBaseUrl"/>'s that API calls may send the token to.</summary>
    public IReadOnlyList<string> TokenOrigins { get; init; } = [];

    /// <summary>
    /// True when a token may be sent to <paramref name="url"/>: it has the origin (scheme, host, port) of
    /// <see cref="ApiBaseUrl"/> or of one of <see cref="TokenOrigins"/>, over https, or over http on loopback
    /// only. Anything else would hand the user's token to whoever named the URL (RFC 9700 §4.10).
    /// </summary>
    public bool MayReceiveToken(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || !(target.Scheme == Uri.UriSchemeHttps || (target.Scheme == Uri.UriSchemeHttp && target.IsLoopback)))
        {
            return false;
        }

        return (ApiBaseUrl is null ? TokenOrigins : TokenOrigins.Append(ApiBaseUrl)).Any(origin =>
            Uri.TryCreate(origin, UriKind.Absolute, out var allowed)
            && string.Equals(allowed.GetLeftPart(UriPartial.Authority), target.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A URL, relative to <see cref="ApiBaseUrl"/> or absolute, that returns the signed-in user.</summary>
    public string? UserInfoUrl { get; init; }

    /// <summary>The HTTP method of the user info call: <c>GET</c>, or <c>POST</c> for APIs such as Dropbox's.</summary>
    public string UserInfoMethod { get; init; } = "GET";

    /// <summary>The compliance fix of a non-standard provider, or <c>null</c>.</summary>
    public ComplianceFix? ComplianceFix { get; init; }

    /// <summary>
    /// Where the identity's claims are in the provider's user info (or, for OAuth 1, its token response):
    /// standard claim name (<c>sub</c>, <c>name</c>, <c>email</c>, <c>preferred_username</c>, <c>picture</c>)
    /// to a member path such as <c>id</c>, <c>id_str</c> or <c>data.0.id</c>. A claim not named here is read
    /// under its own name. Presets fill it in (GitHub: <c>sub</c> from <c>id</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClaimMap { get; init; } = new Dictionary<string, string>();

    /// <summary>A new hook registry holding the hooks of <see cref="ComplianceFix"/>.</summary>
    public ComplianceHooks CreateHooks() => ComplianceHooks.From(ComplianceFix);

    /// <summary>
    /// Resolves an API URL against <see cref="ApiBaseUrl"/> per RFC 3986 §5.2 (<c>user</c> against
    /// <c>https://api.github.com/</c> is <c>https://api.github.com/user</c>); absolute http(s) URLs are kept.
    /// <c>null</c> when the URL is relative and there is no base.
    /// </summary>
    public string? ResolveApiUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return url;
        }

        return ApiBaseUrl is null ? null : new Uri(new Uri(ApiBaseUrl), url).AbsoluteUri;
    }

    /// <summary>The protocol version, 1 or 2.</summary>
    public abstract int OAuthVersion { get; }

    /// <summary>Never prints the secret.</summary>
    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", OAuthVersion = ").Append(OAuthVersion)
            .Append(", ClientId = ").Append(ClientId).Append(", AuthorizeUrl = ").Append(AuthorizeUrl)
            .Append(", AccessTokenUrl = ").Append(AccessTokenUrl);
        return true;
    }
}

/// <summary>An OAuth 1.0a provider (RFC 5849).</summary>
public sealed record OAuth1ProviderDefinition(string Name, string ClientId, string? ClientSecret, string RequestTokenUrl, string AuthorizeUrl, string AccessTokenUrl)
    : ProviderDefinition(Name, ClientId, ClientSecret, AuthorizeUrl, AccessTokenUrl)
{
    /// <summary>Extra parameters of the temporary-credential request (the seed's <c>request_token_params</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestTokenParams { get; init; } = [];

    /// <summary>The signature method, HMAC-SHA1 by default.</summary>
    public OAuth1SignatureMethod SignatureMethod { get; init; } = OAuth1SignatureMethod.HmacSha1;

    /// <summary>Where the protocol parameters go, the Authorization header by default.</summary>
    public OAuth1SignatureType SignatureType { get; init; } = OAuth1SignatureType.Header;

    /// <summary>The Authorization header's <c>realm</c>, if any.</summary>
    public string? Realm { get; init; }

    /// <summary>The RSA private key for the RSA signature methods.</summary>
    public RSA? RsaPrivateKey { get; init; }

    /// <inheritdoc />
    public override int OAuthVersion => 1;

    /// <summary>The client credentials for signing, without a token.</summary>
    public OAuth1Credentials ClientCredentials() => new(ClientId, ClientSecret ?? string.Empty)
    {
        SignatureMethod = SignatureMethod,
        SignatureType = SignatureType,
        Realm = Realm,
        RsaPrivateKey = RsaPrivateKey,
    };
}

/// <summary>An OAuth 2.0 / OpenID Connect provider (RFC 6749).</summary>
public sealed record OAuth2ProviderDefinition(string Name, string ClientId, string? ClientSecret, string AuthorizeUrl, string AccessTokenUrl)
    : ProviderDefinition(Name, ClientId, ClientSecret, AuthorizeUrl, AccessTokenUrl)
{
    /// <summary>The requested <c>scope</c>, space-delimited.</summary>
    public string? Scope { get; init; }

    /// <summary>The token endpoint auth method, <c>client_secret_basic</c> by default.</summary>
    public string TokenEndpointAuthMethod { get; init; } = OAuth2.OAuth2Constants.ClientAuthenticationMethods.ClientSecretBasic;

    /// <summary>The PKCE method: <c>S256</c> (default), <c>plain</c> (only when asked for), or <c>null</c> for none.</summary>
    public string? CodeChallengeMethod { get; init; } = OAuth2.OAuth2Constants.CodeChallengeMethods.S256;

    /// <summary>The issuer identifier, for the RFC 9207 <c>iss</c> check.</summary>
    public string? Issuer { get; init; }

    /// <summary>True when the provider always sends <c>iss</c> in callbacks (RFC 9207 metadata).</summary>
    public bool RequireIssuer { get; init; }

    /// <summary>The revocation endpoint (RFC 7009), if any.</summary>
    public string? RevocationUrl { get; init; }

    /// <summary>The introspection endpoint (RFC 7662), if any.</summary>
    public string? IntrospectionUrl { get; init; }

    /// <summary>The <c>response_mode</c> to ask for (for example <c>form_post</c>), if any.</summary>
    public string? ResponseMode { get; init; }

    /// <summary>The key for <c>private_key_jwt</c>.</summary>
    public SecurityKey? SigningKey { get; init; }

    /// <summary>
    /// The OpenID Provider's metadata document (the seed's <c>server_metadata_url</c>), for example
    /// <c>https://accounts.google.com/.well-known/openid-configuration</c>. When set, the endpoints, the issuer,
    /// the JWKS and the RFC 9207 <c>iss</c> support come from it; values set here override it.
    /// </summary>
    public string? ServerMetadataUrl { get; init; }

    /// <summary>The JWKS of the id_token signing keys (usually from the metadata).</summary>
    public string? JwksUri { get; init; }

    /// <summary>The accepted id_token <c>alg</c> values; <c>null</c> for the metadata's asymmetric ones.</summary>
    public IReadOnlyList<string>? IdTokenSigningAlgorithms { get; init; }

    /// <summary>The leeway for the id_token's <c>exp</c>, <c>nbf</c> and <c>iat</c>; 5 minutes by default.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True when the endpoints still have to come from <see cref="ServerMetadataUrl"/>.</summary>
    public bool RequiresDiscovery => ServerMetadataUrl is not null && (AuthorizeUrl.Length == 0 || AccessTokenUrl.Length == 0 || (IsOpenIdConnect && JwksUri is null));

    /// <summary>True when the scope asks for OpenID Connect (<c>openid</c>): the login then needs a valid id_token.</summary>
    public bool IsOpenIdConnect => OAuth2.AuthorizationStart.HasOpenIdScope(Scope);

    /// <inheritdoc />
    public override int OAuthVersion => 2;

    /// <summary>The client authentication for token, revocation and introspection requests.</summary>
    public OAuth2.Rfc6749.ClientAuthentication ClientAuthentication() =>
        new(TokenEndpointAuthMethod, ClientId, ClientSecret) { SigningKey = SigningKey };
}
