namespace AuthActors.Hosting.Options;

/// <summary>
/// One provider, defined by data alone: a <see cref="Preset"/> plus credentials, or its URLs (OAuth 1 when
/// <see cref="RequestTokenUrl"/> is set, following the seed). Any URL may start from a named base URL,
/// <c>{Name}</c>, defined under <see cref="AuthActorsOptions.Urls"/>.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>A preset name (github, google, x, ...), whose endpoints the other values override.</summary>
    public string? Preset { get; set; }

    /// <summary>
    /// The parameters of a per-tenant preset: <c>domain</c> for okta and auth0, <c>domain</c> and <c>realm</c>
    /// for keycloak, <c>authority</c> for oidc (which <see cref="Authority"/> also supplies).
    /// </summary>
    public Dictionary<string, string> PresetParameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name on buttons.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The client id (OAuth 1 consumer key).</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret; put it in an environment variable or user secrets, not in a file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth 1 only: the temporary credential endpoint.</summary>
    public string? RequestTokenUrl { get; set; }

    /// <summary>The authorization endpoint.</summary>
    public string? AuthorizeUrl { get; set; }

    /// <summary>The token endpoint.</summary>
    public string? AccessTokenUrl { get; set; }

    /// <summary>The base of relative API URLs.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The user info URL, relative to <see cref="ApiBaseUrl"/> or absolute.</summary>
    public string? UserInfoUrl { get; set; }

    /// <summary>OAuth 2: the scope.</summary>
    public string? Scope { get; set; }

    /// <summary>OAuth 2: client_secret_basic (default), client_secret_post, none, client_secret_jwt or private_key_jwt.</summary>
    public string? TokenEndpointAuthMethod { get; set; }

    /// <summary>
    /// OAuth 2: S256 (default), plain, or none. Public clients and OpenID Connect always use S256 (RFC 9700
    /// §2.1.1); <c>plain</c> elsewhere needs <see cref="PkcePlainReason"/>.
    /// </summary>
    public string? CodeChallengeMethod { get; set; }

    /// <summary>Why this provider must use PKCE <c>plain</c> (for example "the provider supports no S256"); required for plain.</summary>
    public string? PkcePlainReason { get; set; }

    /// <summary>OAuth 2: the issuer for the RFC 9207 check.</summary>
    public string? Issuer { get; set; }

    /// <summary>OAuth 2: true when the provider always sends <c>iss</c>.</summary>
    public bool? RequireIssuer { get; set; }

    /// <summary>OAuth 2: the revocation endpoint.</summary>
    public string? RevocationUrl { get; set; }

    /// <summary>OAuth 2: the introspection endpoint.</summary>
    public string? IntrospectionUrl { get; set; }

    /// <summary>OAuth 2: the response mode (query or form_post).</summary>
    public string? ResponseMode { get; set; }

    /// <summary>
    /// OpenID Connect: the provider's metadata document (authlib's <c>server_metadata_url</c>). With it and a
    /// scope containing <c>openid</c>, ClientId and ClientSecret are all a provider needs.
    /// An empty value means none (how an environment variable switches off the discovery a file configures).
    /// </summary>
    public string? ServerMetadataUrl { get; set; }

    /// <summary>OpenID Connect: the issuer URL (ASP.NET Core's name); the metadata is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>OpenID Connect: the JWKS URL, when there is no metadata.</summary>
    public string? JwksUri { get; set; }

    /// <summary>OpenID Connect: the accepted id_token algorithms (default: the metadata's asymmetric ones).</summary>
    public List<string>? IdTokenSigningAlgorithms { get; set; }

    /// <summary>OpenID Connect: the leeway in seconds for the id_token's exp, nbf and iat (default 300).</summary>
    public int? ClockSkewSeconds { get; set; }

    /// <summary>
    /// Where the identity's claims are in the user info, overriding the preset: claim name to member path,
    /// for example <c>"sub": "id"</c> or <c>"sub": "data.0.id"</c>.
    /// </summary>
    public Dictionary<string, string> ClaimMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>OAuth 1: HMAC-SHA1 (default), HMAC-SHA256 or PLAINTEXT.</summary>
    public string? SignatureMethod { get; set; }

    /// <summary>OAuth 1: Header (default), Query or Body.</summary>
    public string? SignatureType { get; set; }

    /// <summary>OAuth 1: the Authorization header realm.</summary>
    public string? Realm { get; set; }

    /// <summary>A shipped compliance fix by name (github, facebook, slack, ...).</summary>
    public string? ComplianceFix { get; set; }

    /// <summary>Extra authorization parameters.</summary>
    public Dictionary<string, string> AuthorizeParams { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra token request parameters.</summary>
    public Dictionary<string, string> AccessTokenParams { get; set; } = new(StringComparer.Ordinal);

    /// <summary>OAuth 1: extra temporary credential request parameters.</summary>
    public Dictionary<string, string> RequestTokenParams { get; set; } = new(StringComparer.Ordinal);
}
