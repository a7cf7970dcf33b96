using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.OAuth1;
using AuthActors.DevProvider.OAuth2;
using AuthActors.DevProvider.Oidc;
using P = AuthActors.DevProvider.DevProviderPaths;

namespace AuthActors.DevProvider;

/// <summary>Hosts the dev provider's endpoints inside any ASP.NET Core application.</summary>
public static class DevProviderEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every endpoint of <see cref="DevProviderPaths"/> under <paramref name="pathPrefix"/> (for example
    /// <c>/dev-provider</c>; empty for the root). With a prefix, the metadata document is also mapped where
    /// RFC 8414 §3.1 places it for an issuer with a path: <c>/.well-known/oauth-authorization-server/dev-provider</c>.
    /// Set <see cref="DevProviderState.BaseUrl"/> (root URL plus prefix) when the public URL differs from
    /// what requests show.
    /// </summary>
    /// <param name="endpoints">The application (a <c>WebApplication</c>) or a route group.</param>
    /// <param name="state">The provider's state; one state per mapping.</param>
    /// <param name="pathPrefix">The path prefix, starting with <c>/</c>, or empty.</param>
    /// <returns>The route group holding the endpoints, for conventions such as host filters.</returns>
    public static RouteGroupBuilder MapDevProvider(this IEndpointRouteBuilder endpoints, DevProviderState state, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(state);
        var prefix = (pathPrefix ?? string.Empty).TrimEnd('/');
        if (prefix.Length > 0 && prefix[0] != '/')
        {
            throw new ArgumentException("The path prefix must start with '/'.", nameof(pathPrefix));
        }

        var routes = new DevRoutes(state, prefix);
        var group = endpoints.MapGroup(prefix);

        var authorize2 = new OAuth2AuthorizeEndpoints(routes);
        var token2 = new OAuth2TokenEndpoint(routes);
        var manage2 = new OAuth2TokenManagementEndpoints(routes);
        var user2 = new OAuth2UserInfoEndpoint(routes);
        var metadata = new OAuth2MetadataEndpoint(routes);
        group.MapGet(P.OAuth2Authorize, authorize2.AuthorizeAsync);
        group.MapPost(P.OAuth2Consent, authorize2.ConsentAsync);
        group.MapPost(P.OAuth2Token, token2.TokenAsync);
        group.MapPost(P.OAuth2Revoke, manage2.RevokeAsync);
        group.MapPost(P.OAuth2Introspect, manage2.IntrospectAsync);
        group.MapGet(P.OAuth2UserInfo, user2.UserAsync);
        group.MapGet(P.ApiUser, user2.UserAsync);
        group.MapGet(P.Metadata, metadata.MetadataAsync);
        if (prefix.Length > 0)
        {
            endpoints.MapGet(P.Metadata + prefix, metadata.MetadataAsync);
        }

        // OpenID Connect Discovery §4: the configuration is appended to the issuer's path (prefix included).
        var oidc = new OidcDiscoveryEndpoint(routes);
        group.MapGet(P.OidcDiscovery, oidc.DiscoveryAsync);
        group.MapGet(P.Jwks, oidc.JwksAsync);

        var token1 = new OAuth1TokenEndpoints(routes);
        var authorize1 = new OAuth1AuthorizeEndpoints(routes);
        var resource1 = new OAuth1ResourceEndpoint(routes);
        group.MapPost(P.OAuth1RequestToken, token1.RequestTokenAsync);
        group.MapGet(P.OAuth1Authorize, authorize1.AuthorizeAsync);
        group.MapPost(P.OAuth1Consent, authorize1.ConsentAsync);
        group.MapPost(P.OAuth1AccessToken, token1.AccessTokenAsync);
        group.MapMethods(P.OAuth1User, ["GET", "POST"], resource1.UserAsync);

        var control = new DevControlEndpoints(routes);
        group.MapGet(P.DevCounters, control.CountersAsync);
        group.MapGet(P.DevKnobs, control.AllKnobsAsync);
        group.MapPost(P.DevKnobs + "/{clientId}", (HttpContext c, string clientId) => control.SetKnobsAsync(c, clientId));
        group.MapDelete(P.DevKnobs + "/{clientId}", (HttpContext c, string clientId) => control.ClearKnobsAsync(c, clientId));
        group.MapPost(P.DevReset, control.ResetAsync);
        group.MapPost(P.DevRotateKeys, control.RotateKeysAsync);
        return group;
    }
}
