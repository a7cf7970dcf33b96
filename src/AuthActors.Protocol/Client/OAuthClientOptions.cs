using System.Security.Cryptography;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Providers;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Client;

/// <summary>
/// The seed's <c>OAuthClient</c> options, with the seed's names in C# form. OAuth 1 when
/// <see cref="RequestTokenUrl"/> is set, OAuth 2 otherwise.
/// </summary>
/// <example>
/// <code>
/// var github = new OAuthClientOptions
/// {
///     ClientId = "GitHub Client ID",
///     ClientSecret = "GitHub Client Secret",
///     ApiBaseUrl = "https://api.github.com/",
///     AccessTokenUrl = "https://github.com/login/oauth/access_token",
///     AuthorizeUrl = "https://github.com/login/oauth/authorize",
///     ClientKwargs = new() { Scope = "user:email" },
/// };
/// </code>
/// </example>
public sealed record OAuthClientOptions
{
    /// <summary>A name for the provider (used in logs and by the engine), <c>default</c> if unset.</summary>
    public string Name { get; init; } = "default";

    /// <summary><c>client_id</c>: the client identifier or OAuth 1 consumer key.</summary>
    public required string ClientId { get; init; }

    /// <summary><c>client_secret</c>: the client secret or OAuth 1 consumer secret.</summary>
    public string? ClientSecret { get; init; }

    /// <summary><c>request_token_url</c>: set only for OAuth 1 providers.</summary>
    public string? RequestTokenUrl { get; init; }

    /// <summary><c>request_token_params</c>.</summary>
    public IReadOnlyDictionary<string, string> RequestTokenParams { get; init; } = new Dictionary<string, string>();

    /// <summary><c>access_token_url</c>: the token endpoint.</summary>
    public required string AccessTokenUrl { get; init; }

    /// <summary><c>access_token_params</c>.</summary>
    public IReadOnlyDictionary<string, string> AccessTokenParams { get; init; } = new Dictionary<string, string>();

    /// <summary><c>authorize_url</c>: the authorization endpoint.</summary>
    public required string AuthorizeUrl { get; init; }

    /// <summary><c>authorize_params</c>.</summary>
    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>();

    /// <summary><c>api_base_url</c>: relative API URLs resolve against it (RFC 3986 §5).</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary>
    /// Origins besides <see cref="ApiBaseUrl"/>'s that API calls may send the token to (for example
    /// <c>https://uploads.example.com</c>). Any other absolute URL is refused, so a token never leaks to a
    /// host named by untrusted input (RFC 9700 §4.10).
    /// </summary>
    public IReadOnlyList<string> TokenOrigins { get; init; } = [];

    /// <summary>The user info URL (relative to <see cref="ApiBaseUrl"/> or absolute), if any.</summary>
    public string? UserInfoUrl { get; init; }

    /// <summary><c>client_kwargs</c>: scope, auth method, PKCE method, OAuth 1 signature settings.</summary>
    public OAuthClientKwargs ClientKwargs { get; init; } = new();

    /// <summary><c>compliance_fix</c>: registers the hooks a non-standard provider needs.</summary>
    public ComplianceFix? ComplianceFix { get; init; }

    /// <summary>The OAuth 2 issuer for the RFC 9207 check, if known.</summary>
    public string? Issuer { get; init; }

    /// <summary>The OAuth 2 revocation endpoint (RFC 7009), if any.</summary>
    public string? RevocationUrl { get; init; }

    /// <summary>The OAuth 2 introspection endpoint (RFC 7662), if any.</summary>
    public string? IntrospectionUrl { get; init; }

    /// <summary>True when these options describe an OAuth 1 provider (a request token URL is set).</summary>
    public bool IsOAuth1 => !string.IsNullOrEmpty(RequestTokenUrl);

    /// <summary>The explicit provider definition these options describe.</summary>
    public ProviderDefinition ToDefinition()
    {
        var k = ClientKwargs;
        if (IsOAuth1)
        {
            return new OAuth1ProviderDefinition(Name, ClientId, ClientSecret, RequestTokenUrl!, AuthorizeUrl, AccessTokenUrl)
            {
                RequestTokenParams = RequestTokenParams.ToList(),
                AuthorizeParams = AuthorizeParams.ToList(),
                AccessTokenParams = AccessTokenParams.ToList(),
                ApiBaseUrl = ApiBaseUrl,
                TokenOrigins = TokenOrigins,
                UserInfoUrl = UserInfoUrl,
                ComplianceFix = ComplianceFix,
                SignatureMethod = k.SignatureMethod,
                SignatureType = k.SignatureType,
                Realm = k.Realm,
                RsaPrivateKey = k.RsaPrivateKey,
            };
        }

        return new OAuth2ProviderDefinition(Name, ClientId, ClientSecret, AuthorizeUrl, AccessTokenUrl)
        {
            AuthorizeParams = AuthorizeParams.ToList(),
            AccessTokenParams = AccessTokenParams.ToList(),
            ApiBaseUrl = ApiBaseUrl,
            TokenOrigins = TokenOrigins,
            UserInfoUrl = UserInfoUrl,
            ComplianceFix = ComplianceFix,
            Scope = k.Scope,
            TokenEndpointAuthMethod = k.TokenEndpointAuthMethod,
            CodeChallengeMethod = k.CodeChallengeMethod,
            Issuer = Issuer,
            RevocationUrl = RevocationUrl,
            IntrospectionUrl = IntrospectionUrl,
            SigningKey = k.SigningKey,
        };
    }

    /// <summary>Never prints the secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", ClientId = ").Append(ClientId).Append(", IsOAuth1 = ").Append(IsOAuth1);
        return true;
    }
}

/// <summary>The seed's <c>client_kwargs</c>, typed.</summary>
public sealed record OAuthClientKwargs
{
    /// <summary><c>scope</c> (OAuth 2).</summary>
    public string? Scope { get; init; }

    /// <summary><c>token_endpoint_auth_method</c> (OAuth 2), <c>client_secret_basic</c> by default.</summary>
    public string TokenEndpointAuthMethod { get; init; } = OAuth2Constants.ClientAuthenticationMethods.ClientSecretBasic;

    /// <summary><c>code_challenge_method</c> (OAuth 2): <c>S256</c> by default, <c>plain</c>, or <c>null</c> for no PKCE.</summary>
    public string? CodeChallengeMethod { get; init; } = OAuth2Constants.CodeChallengeMethods.S256;

    /// <summary><c>signature_method</c> (OAuth 1), HMAC-SHA1 by default.</summary>
    public OAuth1SignatureMethod SignatureMethod { get; init; } = OAuth1SignatureMethod.HmacSha1;

    /// <summary><c>signature_type</c> (OAuth 1), the Authorization header by default.</summary>
    public OAuth1SignatureType SignatureType { get; init; } = OAuth1SignatureType.Header;

    /// <summary><c>realm</c> (OAuth 1).</summary>
    public string? Realm { get; init; }

    /// <summary><c>rsa_key</c> (OAuth 1 RSA methods).</summary>
    public RSA? RsaPrivateKey { get; init; }

    /// <summary>The <c>private_key_jwt</c> signing key (OAuth 2).</summary>
    public SecurityKey? SigningKey { get; init; }
}
