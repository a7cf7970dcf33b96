using System.Text.Json.Nodes;
using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.OAuth2;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.ClientAuthenticationMethods;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>Authorization server metadata (RFC 8414 §2).</summary>
internal sealed class OAuth2MetadataEndpoint(DevRoutes routes)
{
    public Task MetadataAsync(HttpContext context)
    {
        var state = routes.State;
        state.Counters.Request(C.OAuth2Metadata);
        if (state.Knobs.MetadataUnavailable)
        {
            return Responses.HtmlAsync(context, StatusCodes.Status503ServiceUnavailable, HtmlPages.Unavailable());
        }

        JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        var authMethods = Strings(M.ClientSecretBasic, M.ClientSecretPost, M.None);
        var body = new JsonObject
        {
            ["issuer"] = routes.Issuer(context),
            ["authorization_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Authorize),
            ["token_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Token),
            ["revocation_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Revoke),
            ["introspection_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Introspect),
            ["userinfo_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2UserInfo),
            ["jwks_uri"] = routes.Url(context, DevProviderPaths.Jwks),
            ["response_types_supported"] = Strings("code"),
            ["response_modes_supported"] = Strings(AuthorizationRequestValidator.ResponseModeQuery, AuthorizationRequestValidator.ResponseModeFormPost),
            ["grant_types_supported"] = Strings(OAuth2Constants.GrantTypes.AuthorizationCode, OAuth2Constants.GrantTypes.RefreshToken, OAuth2Constants.GrantTypes.ClientCredentials),
            ["token_endpoint_auth_methods_supported"] = authMethods,
            ["revocation_endpoint_auth_methods_supported"] = authMethods.DeepClone(),
            ["introspection_endpoint_auth_methods_supported"] = authMethods.DeepClone(),
            ["code_challenge_methods_supported"] = Oidc.OidcDiscoveryEndpoint.CodeChallengeMethods(state),
            ["authorization_response_iss_parameter_supported"] = true,
        };
        return Responses.JsonAsync(context, StatusCodes.Status200OK, body, noStore: false);
    }
}
