using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>Token endpoint requests of RFC 6749 §4.1.3, §6 and §4.4, before and after client authentication.</summary>
public sealed class TokenRequestsTests
{
    private const string TokenUrl = "https://idp.example.com/token";

    [Fact]
    public void Authorization_code_grant_carries_code_redirect_uri_and_verifier()
    {
        var request = TokenRequests.AuthorizationCode(TokenUrl, "SplxlOBeZQQYbYS6WxSbIA", "https://client.example.com/cb", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", Params.Of(("resource", "api")));

        Assert.Equal("POST", request.Method);
        Assert.Equal(TokenUrl, request.Url);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal(
            Params.Of(("grant_type", "authorization_code"), ("code", "SplxlOBeZQQYbYS6WxSbIA"), ("redirect_uri", "https://client.example.com/cb"),
                ("code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), ("resource", "api")),
            request.Form);
    }

    [Fact]
    public void Authorization_code_grant_omits_absent_redirect_uri_and_verifier_and_needs_a_code()
    {
        var request = TokenRequests.AuthorizationCode(TokenUrl, "c", null, null);

        Assert.Equal(Params.Of(("grant_type", "authorization_code"), ("code", "c")), request.Form);
        Assert.ThrowsAny<ArgumentException>(() => TokenRequests.AuthorizationCode(TokenUrl, "", null, null));
    }

    [Fact]
    public void Refresh_grant_carries_the_refresh_token_and_an_optional_scope()
    {
        Assert.Equal(Params.Of(("grant_type", "refresh_token"), ("refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA"), ("scope", "read")),
            TokenRequests.RefreshToken(TokenUrl, "tGzv3JOkF0XG5Qx2TlKWIA", "read").Form);
        Assert.Equal(Params.Of(("grant_type", "refresh_token"), ("refresh_token", "r")), TokenRequests.RefreshToken(TokenUrl, "r").Form);
    }

    [Fact]
    public void Client_credentials_grant_carries_only_grant_type_and_scope()
    {
        Assert.Equal(Params.Of(("grant_type", "client_credentials"), ("scope", "a b")), TokenRequests.ClientCredentials(TokenUrl, "a b").Form);
    }

    [Fact]
    public void Flow_requests_are_hooked_then_authenticated_with_the_providers_method()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", "s", "https://idp.example.com/authorize", TokenUrl)
        {
            AccessTokenParams = Params.Of(("audience", "api")),
            Scope = "default-scope",
        };
        var hooks = new ComplianceHooks()
            .RegisterComplianceHook(ComplianceHookNames.AccessTokenRequest, r => r.WithHeader("X-Hooked", "access"))
            .RegisterComplianceHook(ComplianceHookNames.RefreshTokenRequest, r => r.WithHeader("X-Hooked", "refresh"));
        var now = FixedTimeProvider.Default;

        var code = OAuth2Flow.AccessTokenRequest(provider, hooks, "c", "https://app/cb", "v", now, "j");
        var refresh = OAuth2Flow.RefreshTokenCall(provider, "r", null, now, "j").Prepare(hooks);
        var clientCredentials = OAuth2Flow.ClientCredentialsCall(provider, null, now, "j").Prepare(hooks);

        Assert.Equal(("access", "refresh", "access"), (code.Header("X-Hooked"), refresh.Header("X-Hooked"), clientCredentials.Header("X-Hooked")));
        Assert.Equal("Basic YXBwOnM=", code.Header("Authorization"));
        Assert.Equal("api", code.Form!.First("audience"));
        Assert.Equal("default-scope", clientCredentials.Form!.First("scope"));
        Assert.Null(refresh.Form!.First("audience")); // access_token_params belong to the code exchange
    }

    [Fact]
    public void Authentication_happens_after_hooks_so_a_hook_cannot_leak_or_drop_the_secret()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", "s", "https://idp.example.com/authorize", TokenUrl) { TokenEndpointAuthMethod = "client_secret_post" };
        string? seenSecret = "unset";
        var hooks = new ComplianceHooks().RegisterComplianceHook(ComplianceHookNames.AccessTokenRequest, r =>
        {
            seenSecret = r.Form!.First("client_secret");
            return r;
        });

        var request = OAuth2Flow.AccessTokenRequest(provider, hooks, "c", null, null, FixedTimeProvider.Default, "j");

        Assert.Null(seenSecret);
        Assert.Equal("s", request.Form!.First("client_secret"));
    }
}
