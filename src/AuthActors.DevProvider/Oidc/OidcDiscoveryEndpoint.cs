using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.OAuth2;
using AuthActors.Protocol.OAuth2;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.ClientAuthenticationMethods;

namespace AuthActors.DevProvider.Oidc;

/// <summary>OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, §4) and the JWK Set of the signing keys (RFC 7517 §5).</summary>
internal sealed class OidcDiscoveryEndpoint(DevRoutes routes)
{
    private static readonly string[] StandardScopes = [IdTokens.OpenIdScope, "profile", "email", "offline_access"];

    private static readonly string[] Claims =
        ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "name", "email", "preferred_username"];

    /// <summary>GET <c>/.well-known/openid-configuration</c>.</summary>
    public Task DiscoveryAsync(HttpContext context)
    {
        var state = routes.State;
        state.Counters.Request(C.OidcDiscovery);
        if (state.Knobs.MetadataUnavailable)
        {
            return Responses.HtmlAsync(context, StatusCodes.Status503ServiceUnavailable, HtmlPages.Unavailable());
        }

        var authMethods = Strings(M.ClientSecretBasic, M.ClientSecretPost, M.None);
        var scopes = StandardScopes.Concat(state.OAuth2Clients.SelectMany(c => c.AllowedScopes ?? [])).Distinct(StringComparer.Ordinal);
        var body = new JsonObject
        {
            ["issuer"] = routes.Issuer(context),
            ["authorization_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Authorize),
            ["token_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Token),
            ["userinfo_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2UserInfo),
            ["jwks_uri"] = routes.Url(context, DevProviderPaths.Jwks),
            ["revocation_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Revoke),
            ["introspection_endpoint"] = routes.Url(context, DevProviderPaths.OAuth2Introspect),
            ["scopes_supported"] = Strings([.. scopes]),
            ["response_types_supported"] = Strings("code"),
            ["response_modes_supported"] = Strings(AuthorizationRequestValidator.ResponseModeQuery, AuthorizationRequestValidator.ResponseModeFormPost),
            ["grant_types_supported"] = Strings(OAuth2Constants.GrantTypes.AuthorizationCode, OAuth2Constants.GrantTypes.RefreshToken, OAuth2Constants.GrantTypes.ClientCredentials),
            ["subject_types_supported"] = Strings("public"),
            ["id_token_signing_alg_values_supported"] = Strings(IdTokens.Algorithms),
            ["token_endpoint_auth_methods_supported"] = authMethods,
            ["code_challenge_methods_supported"] = CodeChallengeMethods(state),
            ["claims_supported"] = Strings(Claims),
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["authorization_response_iss_parameter_supported"] = true,
        };
        return Responses.JsonAsync(context, StatusCodes.Status200OK, body, noStore: false);
    }

    /// <summary>GET <c>/oauth2/jwks</c>: the published public keys, each with <c>kid</c>, <c>use</c> <c>sig</c> and <c>alg</c>.</summary>
    public Task JwksAsync(HttpContext context)
    {
        var state = routes.State;
        state.Counters.Request(C.OAuth2Jwks);
        var keys = new JsonArray(state.SigningKeys.Published.Select(k => (JsonNode?)PublicJwk(k)).ToArray());
        return Responses.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["keys"] = keys }, noStore: false);
    }

    /// <summary>RFC 7636 §4.3 methods the provider accepts: S256, and plain when some client allows it.</summary>
    public static JsonArray CodeChallengeMethods(DevProviderState state) => state.OAuth2Clients.Any(c => c.AllowPlainPkce)
        ? Strings(OAuth2Constants.CodeChallengeMethods.S256, OAuth2Constants.CodeChallengeMethods.Plain)
        : Strings(OAuth2Constants.CodeChallengeMethods.S256);

    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>The library's JWK model as JSON, without the empty arrays (<c>key_ops</c>, <c>x5c</c>, <c>oth</c>) it writes.</summary>
    private static JsonObject PublicJwk(SigningKey key)
    {
        var json = JsonSerializer.SerializeToNode(key.PublicJwk)!.AsObject();
        foreach (var name in json.Where(p => p.Value is null or JsonArray { Count: 0 }).Select(p => p.Key).ToList())
        {
            json.Remove(name);
        }

        return json;
    }
}
