using AuthActors.Protocol.Http;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Providers;

namespace AuthActors.Protocol.Tests.Oidc;

/// <summary>OpenID Connect Discovery 1.0: reading metadata and completing a provider from it.</summary>
public sealed class DiscoveryTests
{
    private const string Metadata = """
        {"issuer":"https://op.example","authorization_endpoint":"https://op.example/authorize","token_endpoint":"https://op.example/token",
         "userinfo_endpoint":"https://op.example/userinfo","jwks_uri":"https://op.example/jwks","revocation_endpoint":"https://op.example/revoke",
         "id_token_signing_alg_values_supported":["RS256","ES256","HS256","none"],"token_endpoint_auth_methods_supported":["client_secret_post"],
         "authorization_response_iss_parameter_supported":true}
        """;

    private static readonly OAuth2ProviderDefinition ByMetadata = new("op", "c", "s", "", "")
    {
        ServerMetadataUrl = "https://op.example/.well-known/openid-configuration", Scope = "openid",
    };

    private static ProviderMetadata Read(string json) => ProviderMetadataResponse.Read(OAuthHttpResponse.Json(200, json)).Metadata!;

    [Fact]
    public void The_metadata_url_of_an_authority_is_its_well_known_document()
    {
        Assert.Equal("https://op.example/tenant/.well-known/openid-configuration", OidcDiscovery.MetadataUrlOf("https://op.example/tenant/"));
    }

    [Fact]
    public void A_provider_with_only_a_metadata_url_gets_its_endpoints_issuer_keys_and_iss_requirement()
    {
        Assert.True(ByMetadata.RequiresDiscovery);
        var p = OidcDiscovery.Apply(ByMetadata, Read(Metadata)).Provider!;
        Assert.Equal(("https://op.example/authorize", "https://op.example/token", "https://op.example/userinfo", "https://op.example/jwks"),
            (p.AuthorizeUrl, p.AccessTokenUrl, p.UserInfoUrl, p.JwksUri));
        Assert.Equal(("https://op.example", true, "https://op.example/revoke"), (p.Issuer, p.RequireIssuer, p.RevocationUrl));
        Assert.Equal(["RS256", "ES256"], p.IdTokenSigningAlgorithms!);
        Assert.Equal("client_secret_post", p.TokenEndpointAuthMethod);
        Assert.False(p.RequiresDiscovery);
    }

    [Fact]
    public void Explicit_settings_override_the_metadata()
    {
        var p = OidcDiscovery.Apply(ByMetadata with { AccessTokenUrl = "https://proxy.example/token", UserInfoUrl = "https://proxy.example/me" }, Read(Metadata)).Provider!;
        Assert.Equal(("https://op.example/authorize", "https://proxy.example/token", "https://proxy.example/me"), (p.AuthorizeUrl, p.AccessTokenUrl, p.UserInfoUrl));
    }

    [Fact]
    public void Metadata_whose_issuer_is_not_the_one_its_url_names_is_refused()
    {
        var result = OidcDiscovery.Apply(ByMetadata, Read(Metadata.Replace("\"issuer\":\"https://op.example\"", "\"issuer\":\"https://evil.example\"")));
        Assert.Equal(ErrorKind.InvalidResponse, result.Kind);
        Assert.Null(result.Provider);
    }

    [Fact]
    public void Metadata_without_a_jwks_uri_cannot_serve_OpenID() =>
        Assert.True(OidcDiscovery.Apply(ByMetadata, Read(Metadata.Replace("\"jwks_uri\":\"https://op.example/jwks\",", ""))).IsError);

    [Theory]
    [InlineData(200, "<html>")]
    [InlineData(200, "[]")]
    [InlineData(200, "{\"authorization_endpoint\":\"https://op.example/a\"}")]
    [InlineData(404, "{}")]
    [InlineData(503, "down")]
    public void Unusable_metadata_responses_are_typed_errors(int status, string body)
    {
        var result = ProviderMetadataResponse.Read(new OAuthHttpResponse(status, "application/json", body, []));
        Assert.True(result.IsError);
        Assert.Equal(status >= 400 ? ErrorKind.Http : ErrorKind.InvalidResponse, result.Kind);
    }

    [Fact]
    public void An_unreachable_metadata_endpoint_is_a_transport_error() =>
        Assert.Equal(ErrorKind.Transport, ProviderMetadataResponse.Read(OAuthHttpResponse.Failed("refused")).Kind);

    [Fact]
    public void A_JWKS_that_is_not_a_key_set_is_a_typed_error()
    {
        Assert.True(JsonWebKeySetResponse.Read(OAuthHttpResponse.Json(200, "{\"keys\":\"no\"}")).IsError);
        Assert.NotNull(JsonWebKeySetResponse.Read(OAuthHttpResponse.Json(200, "{\"keys\":[]}")).Keys);
    }
}
