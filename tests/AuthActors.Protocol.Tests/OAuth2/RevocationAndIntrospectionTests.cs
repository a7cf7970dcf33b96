using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>Token revocation (RFC 7009) and introspection (RFC 7662).</summary>
public sealed class RevocationAndIntrospectionTests
{
    [Fact]
    public void Revocation_request_of_rfc_7009_section_2_1_carries_token_and_hint()
    {
        var request = Revocation.Request("https://server.example.com/revoke", "45ghiukldjahdnhzdauz", "refresh_token");

        Assert.Equal("POST", request.Method);
        Assert.Equal(Params.Of(("token", "45ghiukldjahdnhzdauz"), ("token_type_hint", "refresh_token")), request.Form);
        Assert.Equal(Params.Of(("token", "t")), Revocation.Request("https://server.example.com/revoke", "t").Form);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("<html>ok</html>")]
    public void Revocation_with_200_is_a_success_whatever_the_body(string body)
    {
        var parsed = Revocation.Parse(new OAuthHttpResponse(200, "text/html", body, []));

        Assert.False(parsed.IsError);
        Assert.Equal(200, parsed.HttpStatus);
    }

    [Fact]
    public void Revocation_errors_are_typed()
    {
        var unsupported = Revocation.Parse(OAuthHttpResponse.Json(400, "{\"error\":\"unsupported_token_type\"}"));
        var unavailable = Revocation.Parse(new OAuthHttpResponse(503, "text/html", "<html>busy</html>", []));
        var dropped = Revocation.Parse(OAuthHttpResponse.Failed("connection reset"));

        Assert.Equal((ErrorKind.Protocol, "unsupported_token_type"), (unsupported.Kind, unsupported.Error!.Code));
        Assert.Equal((ErrorKind.Http, 503), (unavailable.Kind, unavailable.HttpStatus));
        Assert.Equal(ErrorKind.Transport, dropped.Kind);
        Assert.Null(dropped.HttpStatus);
    }

    [Fact]
    public void Introspection_of_an_active_token_reads_rfc_7662_section_2_2_example()
    {
        var parsed = Introspection.Parse(OAuthHttpResponse.Json(200, """
            {
              "active": true,
              "client_id": "l238j323ds-23ij4",
              "username": "jdoe",
              "scope": "read write dolphin",
              "sub": "Z5O3upPC88QrAjx00dis",
              "aud": "https://protected.example.net/resource",
              "iss": "https://server.example.com/",
              "exp": 1419356238,
              "iat": 1419350238,
              "extension_field": "twenty-seven"
            }
            """));

        Assert.True(parsed.IsActive);
        Assert.Equal("read write dolphin", parsed.Claims["scope"]);
        Assert.Equal("1419356238", parsed.Claims["exp"]);
        Assert.Equal("twenty-seven", parsed.Claims["extension_field"]);
        Assert.False(parsed.Claims.ContainsKey("active"));
    }

    [Fact]
    public void Introspection_of_an_inactive_token_is_a_success_with_active_false()
    {
        var parsed = Introspection.Parse(OAuthHttpResponse.Json(200, "{\"active\":false}"));

        Assert.False(parsed.IsError);
        Assert.False(parsed.IsActive);
        Assert.Empty(parsed.Claims);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"active\":\"true\"}")] // a string is not a boolean
    [InlineData("{\"active\":1}")]
    [InlineData("[]")]
    [InlineData("")]
    public void Introspection_without_a_boolean_active_is_invalid(string body)
    {
        var parsed = Introspection.Parse(OAuthHttpResponse.Json(200, body));

        Assert.Equal(ErrorKind.InvalidResponse, parsed.Kind);
        Assert.False(parsed.IsActive);
    }

    [Fact]
    public void Introspection_error_status_is_typed()
    {
        Assert.Equal(ErrorKind.Protocol, Introspection.Parse(OAuthHttpResponse.Json(401, "{\"error\":\"invalid_client\"}")).Kind);
        Assert.Equal(ErrorKind.Http, Introspection.Parse(new OAuthHttpResponse(500, null, string.Empty, [])).Kind);
    }

    [Fact]
    public void Flow_revocation_and_introspection_are_hooked_and_authenticated_against_their_own_endpoint()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", "s", "https://idp/authorize", "https://idp/token")
        {
            RevocationUrl = "https://idp/revoke",
            IntrospectionUrl = "https://idp/introspect",
            TokenEndpointAuthMethod = "client_secret_post",
        };
        var hooks = new ComplianceHooks()
            .RegisterComplianceHook(ComplianceHookNames.RevokeTokenRequest, r => r.WithHeader("X-Hook", "revoke"))
            .RegisterComplianceHook(ComplianceHookNames.IntrospectTokenRequest, r => r.WithHeader("X-Hook", "introspect"));

        var revoke = OAuth2Flow.RevokeTokenCall(provider, "t", "access_token", FixedTimeProvider.Default, "j").Prepare(hooks);
        var introspect = OAuth2Flow.IntrospectTokenCall(provider, "t", null, FixedTimeProvider.Default, "j").Prepare(hooks);

        Assert.Equal(("https://idp/revoke", "revoke", "s"), (revoke.Url, revoke.Header("X-Hook"), revoke.Form!.First("client_secret")));
        Assert.Equal(("https://idp/introspect", "introspect", "s"), (introspect.Url, introspect.Header("X-Hook"), introspect.Form!.First("client_secret")));
    }

    [Fact]
    public void Flow_without_revocation_endpoint_is_a_clear_error()
    {
        var provider = new OAuth2ProviderDefinition("nameless", "app", "s", "https://idp/authorize", "https://idp/token");

        var error = Assert.Throws<InvalidOperationException>(() => OAuth2Flow.RevokeTokenCall(provider, "t", null, FixedTimeProvider.Default, "j"));

        Assert.Contains("nameless", error.Message, StringComparison.Ordinal);
    }
}
