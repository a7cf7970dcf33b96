using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Providers;

namespace AuthActors.Protocol.Oidc;

/// <summary>
/// OpenID Connect Discovery 1.0 as pure functions: where the metadata is, whether it may be trusted, and
/// the provider definition it completes.
/// </summary>
public static class OidcDiscovery
{
    /// <summary>The well-known suffix of OpenID Provider metadata (Discovery §4).</summary>
    public const string WellKnownPath = "/.well-known/openid-configuration";

    /// <summary>
    /// The metadata URL of an authority (ASP.NET Core's name for the issuer URL):
    /// <c>https://login.example/tenant</c> gives <c>https://login.example/tenant/.well-known/openid-configuration</c>.
    /// </summary>
    public static string MetadataUrlOf(string authority)
    {
        ArgumentException.ThrowIfNullOrEmpty(authority);
        return authority.TrimEnd('/') + WellKnownPath;
    }

    /// <summary>The discovery request: a GET for JSON.</summary>
    public static OAuthHttpRequest MetadataRequest(string metadataUrl) =>
        OAuthHttpRequest.Create("GET", metadataUrl).WithHeader("Accept", "application/json");

    /// <summary>
    /// Completes <paramref name="provider"/> with <paramref name="metadata"/>. What the definition sets
    /// explicitly wins; the rest comes from the metadata. Returns the error when the metadata cannot be used:
    /// its issuer differs from the one the metadata URL names (Discovery §4.3, skipped for a templated issuer
    /// such as Entra's <c>{tenantid}</c>), or it lacks an endpoint that the definition does not set either.
    /// </summary>
    public static DiscoveredProvider Apply(OAuth2ProviderDefinition provider, ProviderMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(metadata);
        if (provider.ServerMetadataUrl is { } url && url.EndsWith(WellKnownPath, StringComparison.Ordinal)
            && !metadata.Issuer.Contains('{', StringComparison.Ordinal)
            && !string.Equals(url[..^WellKnownPath.Length], metadata.Issuer.TrimEnd('/'), StringComparison.Ordinal))
        {
            return DiscoveredProvider.Fail(Invalid($"The metadata's issuer '{metadata.Issuer}' is not the one its URL names (OpenID Connect Discovery §4.3)."));
        }

        var authorize = Pick(provider.AuthorizeUrl, metadata.AuthorizationEndpoint);
        var token = Pick(provider.AccessTokenUrl, metadata.TokenEndpoint);
        if (authorize is null || token is null)
        {
            return DiscoveredProvider.Fail(Invalid("The metadata names no authorization or token endpoint."));
        }

        var jwks = provider.JwksUri ?? metadata.JwksUri;
        if (provider.IsOpenIdConnect && jwks is null)
        {
            return DiscoveredProvider.Fail(Invalid("The metadata names no jwks_uri, so id_tokens cannot be verified."));
        }

        var authMethod = metadata.TokenEndpointAuthMethods.Count == 0 || metadata.TokenEndpointAuthMethods.Contains(provider.TokenEndpointAuthMethod)
            ? provider.TokenEndpointAuthMethod
            : metadata.TokenEndpointAuthMethods.FirstOrDefault(m => m is OAuth2Constants.ClientAuthenticationMethods.ClientSecretBasic
                  or OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost) ?? provider.TokenEndpointAuthMethod;
        var issuer = provider.Issuer ?? metadata.Issuer;
        return new DiscoveredProvider { Provider = provider with
        {
            AuthorizeUrl = authorize,
            AccessTokenUrl = token,
            Issuer = issuer,
            // RFC 9207 §2.4: a provider that advertises the iss parameter must send it.
            RequireIssuer = provider.RequireIssuer || (metadata.IssParameterSupported && !issuer.Contains('{', StringComparison.Ordinal)),
            UserInfoUrl = provider.UserInfoUrl ?? metadata.UserInfoEndpoint,
            JwksUri = jwks,
            RevocationUrl = provider.RevocationUrl ?? metadata.RevocationEndpoint,
            IntrospectionUrl = provider.IntrospectionUrl ?? metadata.IntrospectionEndpoint,
            TokenEndpointAuthMethod = authMethod,
            IdTokenSigningAlgorithms = IdTokenAlgorithms.AllowList(provider.IdTokenSigningAlgorithms, metadata.IdTokenSigningAlgorithms).ToList(),
        } };
    }

    private static string? Pick(string configured, string? discovered) => configured.Length > 0 ? configured : discovered;

    private static OAuthError Invalid(string description) => new(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, description);
}

/// <summary>A provider definition completed by discovery, or why the metadata cannot be used.</summary>
public sealed record DiscoveredProvider : ProtocolResponse
{
    /// <summary>The completed definition, on success.</summary>
    public OAuth2ProviderDefinition? Provider { get; init; }

    /// <summary>A failure.</summary>
    public static DiscoveredProvider Fail(OAuthError error) => new() { Error = error };
}
