using AuthActors.Protocol.Infrastructure;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;

namespace AuthActors.DevProvider.Tests.OAuth2;

/// <summary>Revocation, introspection, the user endpoints and the metadata document.</summary>
public sealed class OAuth2ResourceEndpointTests : ProviderTest
{
    protected override void Configure(DevProviderOptions options) =>
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = "other", ClientSecret = "other-secret" });

    private Task<TestResponse> UserAsync(string token) => Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + token));

    [Fact]
    public async Task A_login_hint_signs_in_a_user_of_that_subject_and_a_malformed_one_is_refused()
    {
        var verifier = NewVerifier();
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, extra: [new("login_hint", "alice@example.test")]));
        var tokens = await RedeemAsync(authorize.LocationQuery.First("code")!, verifier);
        var user = await UserAsync((string)tokens.Json["access_token"]!);
        var plain = await UserAsync((string)(await CodeFlowAsync()).Json["access_token"]!);
        var malformed = await Http.GetAsync(AuthorizeUrl(NewVerifier(), extra: [new("login_hint", "bad hint/with spaces")]));

        Assert.Equal("alice@example.test", (string?)user.Json["sub"]);
        Assert.Equal(new DevUser().Sub, (string?)plain.Json["sub"]);
        Assert.Equal("invalid_request", malformed.LocationQuery.First("error"));
    }

    [Fact]
    public async Task Revoked_access_token_gets_401_invalid_token()
    {
        var access = (string)(await CodeFlowAsync()).Json["access_token"]!;
        Assert.Equal(200, (await UserAsync(access)).Status);

        var revoke = await SendTokenRequestAsync(Revocation.Request(Server.OAuth2RevocationUrl, access, "access_token"));
        var user = await UserAsync(access);

        Assert.Equal(200, revoke.Status);
        Assert.Equal(401, user.Status);
        Assert.Contains("error=\"invalid_token\"", user.WwwAuthenticate);
        Assert.StartsWith("Bearer", user.WwwAuthenticate);
    }

    [Fact]
    public async Task Revoking_a_refresh_token_revokes_its_grant()
    {
        var tokens = (await CodeFlowAsync()).Json;

        await SendTokenRequestAsync(Revocation.Request(Server.OAuth2RevocationUrl, (string)tokens["refresh_token"]!));

        Assert.Equal(401, (await UserAsync((string)tokens["access_token"]!)).Status);
        var refresh = await SendTokenRequestAsync(Protocol.OAuth2.Rfc6749.TokenRequests.RefreshToken(Server.OAuth2TokenUrl, (string)tokens["refresh_token"]!));
        Assert.Equal("invalid_grant", (string?)refresh.Json["error"]);
    }

    [Fact]
    public async Task Revocation_answers_200_for_unknown_tokens_and_401_for_bad_clients()
    {
        var unknown = await SendTokenRequestAsync(Revocation.Request(Server.OAuth2RevocationUrl, "no-such-token"));
        var badClient = await SendTokenRequestAsync(Revocation.Request(Server.OAuth2RevocationUrl, "x"), Basic(secret: "bad"));

        Assert.Equal(200, unknown.Status);
        Assert.Equal(401, badClient.Status);
    }

    [Fact]
    public async Task Introspection_reports_active_tokens_and_inactive_ones()
    {
        var tokens = (await CodeFlowAsync("read write")).Json;
        var access = (string)tokens["access_token"]!;

        var active = Introspection.Parse(ToProtocol(await SendTokenRequestAsync(Introspection.Request(Server.OAuth2IntrospectionUrl, access))));
        Assert.True(active.IsActive);
        Assert.Equal("read write", active.Claims["scope"]);
        Assert.Equal("dev-client", active.Claims["client_id"]);
        Assert.Equal("dev-user-1", active.Claims["sub"]);
        Assert.Equal("Bearer", active.Claims["token_type"]);
        Assert.Equal(Clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(), active.Claims["exp"]);

        var foreign = await SendTokenRequestAsync(Introspection.Request(Server.OAuth2IntrospectionUrl, access), Basic("other", "other-secret"));
        Assert.False((bool)foreign.Json["active"]!);

        await SendTokenRequestAsync(Revocation.Request(Server.OAuth2RevocationUrl, access));
        var revoked = await SendTokenRequestAsync(Introspection.Request(Server.OAuth2IntrospectionUrl, access));
        Assert.Equal("{\"active\":false}", revoked.Body);

        var refresh = await SendTokenRequestAsync(Introspection.Request(Server.OAuth2IntrospectionUrl, (string)tokens["refresh_token"]!));
        Assert.True((bool)refresh.Json["active"]!);
    }

    [Fact]
    public async Task Expired_access_token_is_refused()
    {
        var access = (string)(await CodeFlowAsync()).Json["access_token"]!;
        Clock.Advance(TimeSpan.FromHours(1));

        var user = await UserAsync(access);

        Assert.Equal(401, user.Status);
        Assert.Contains("invalid_token", user.WwwAuthenticate);
    }

    [Fact]
    public async Task User_endpoint_without_token_or_with_query_token_is_401()
    {
        var access = (string)(await CodeFlowAsync()).Json["access_token"]!;

        var none = await Http.GetAsync(Server.OAuth2UserInfoUrl);
        var query = await Http.GetAsync(Server.OAuth2UserInfoUrl + "?access_token=" + access);
        var both = await Http.GetAsync(Server.OAuth2UserInfoUrl + "?access_token=" + access, ("Authorization", "Bearer " + access));
        var garbage = await UserAsync("garbage");

        Assert.Equal(401, none.Status);
        Assert.StartsWith("Bearer realm=", none.WwwAuthenticate); // RFC 6750 §3.1: no error code without credentials
        Assert.Equal(401, query.Status); // only with the TokenInQueryOnly quirk
        Assert.Equal(400, both.Status);
        Assert.Contains("error=\"invalid_token\"", garbage.WwwAuthenticate);
    }

    [Fact]
    public async Task Metadata_describes_the_endpoints()
    {
        var metadata = (await Http.GetAsync(Server.BaseUrl + "/.well-known/oauth-authorization-server")).Json;

        Assert.Equal(Server.Issuer, (string?)metadata["issuer"]);
        Assert.Equal(Server.OAuth2AuthorizeUrl, (string?)metadata["authorization_endpoint"]);
        Assert.Equal(Server.OAuth2TokenUrl, (string?)metadata["token_endpoint"]);
        Assert.Equal(Server.OAuth2RevocationUrl, (string?)metadata["revocation_endpoint"]);
        Assert.Equal(Server.OAuth2IntrospectionUrl, (string?)metadata["introspection_endpoint"]);
        Assert.True((bool)metadata["authorization_response_iss_parameter_supported"]!);
        Assert.Equal("[\"S256\"]", metadata["code_challenge_methods_supported"]!.ToJsonString());
    }

    private static Protocol.Http.OAuthHttpResponse ToProtocol(TestResponse response) =>
        new(response.Status, response.ContentType, response.Body, []);
}
