using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.ClientAuthenticationMethods;

namespace AuthActors.DevProvider.Tests.OAuth2;

/// <summary>Client authentication and the refresh and client credentials grants.</summary>
public sealed class OAuth2TokenEndpointTests : ProviderTest
{
    protected override void Configure(DevProviderOptions options)
    {
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = "weird id:1", ClientSecret = "p@ss wörd+/=&%" });
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = "public-app", ClientSecret = null });
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = "narrow", ClientSecret = "n", AllowedScopes = ["read"] });
    }

    [Fact]
    public async Task Client_secret_post_works()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);

        var response = await RedeemAsync(code, verifier, Post());

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Client_secret_basic_decodes_form_encoded_id_and_secret()
    {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64; the Protocol encodes, the provider decodes.
        var response = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), Basic("weird id:1", "p@ss wörd+/=&%"));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Bad_secret_with_basic_is_401_with_a_basic_challenge()
    {
        var response = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), Basic(secret: "wrong"));

        Assert.Equal(401, response.Status);
        Assert.Equal("invalid_client", (string?)response.Json["error"]);
        Assert.StartsWith("Basic", response.WwwAuthenticate);
        Assert.DoesNotContain("wrong", response.Body);
    }

    [Fact]
    public async Task Bad_secret_with_post_is_401_invalid_client()
    {
        var response = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), Post(secret: "wrong"));

        Assert.Equal(401, response.Status);
        Assert.Equal("invalid_client", (string?)response.Json["error"]);
        Assert.Null(response.WwwAuthenticate);
    }

    [Fact]
    public async Task Unknown_client_and_no_authentication_are_invalid_client()
    {
        var unknown = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), Basic("ghost", "x"));
        var none = await Http.SendAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl));

        Assert.Equal((401, "invalid_client"), (unknown.Status, (string?)unknown.Json["error"]));
        Assert.Equal((401, "invalid_client"), (none.Status, (string?)none.Json["error"]));
    }

    [Fact]
    public async Task A_body_over_several_read_chunks_is_read_whole()
    {
        // An unknown parameter is ignored (RFC 6749 §3.2); 200,000 characters of it span many of the reader's chunks,
        // and the grant_type after it is still read.
        var request = OAuthHttpRequest.Create("POST", Server.OAuth2TokenUrl)
            .WithFormFields([new("padding", new string('p', 200_000)), new("grant_type", "client_credentials")]);

        var response = await SendTokenRequestAsync(request);

        Assert.Equal(200, response.Status);
        Assert.False(string.IsNullOrEmpty((string?)response.Json["access_token"]));
    }

    [Fact]
    public async Task A_body_over_one_mebichar_is_413_and_one_at_the_limit_is_read()
    {
        var atLimit = OAuthHttpRequest.Create("POST", Server.OAuth2TokenUrl)
            .WithFormFields([new("grant_type", "client_credentials"), new("padding", new string('p', (1 << 20) - "grant_type=client_credentials&padding=".Length))]);
        var over = OAuthHttpRequest.Create("POST", Server.OAuth2TokenUrl)
            .WithFormFields([new("grant_type", "client_credentials"), new("padding", new string('p', 1 << 20))]);

        Assert.Equal(200, (await SendTokenRequestAsync(atLimit)).Status);
        Assert.Equal(413, (await SendTokenRequestAsync(over)).Status);
    }

    [Fact]
    public async Task Two_authentication_methods_at_once_are_invalid_request()
    {
        var request = Basic().Apply(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), Server.OAuth2TokenUrl, DateTimeOffset.UtcNow, "j")
            .WithFormFields([new("client_secret", "dev-secret")]);

        var response = await Http.SendAsync(request);

        Assert.Equal((400, "invalid_request"), (response.Status, (string?)response.Json["error"]));
    }

    [Fact]
    public async Task Public_client_redeems_with_client_id_and_pkce_only()
    {
        var verifier = NewVerifier();
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, clientId: "public-app"));
        var code = authorize.LocationQuery.First("code")!;

        var response = await RedeemAsync(code, verifier, new ClientAuthentication(M.None, "public-app", null));
        var credentials = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), new ClientAuthentication(M.None, "public-app", null));

        Assert.Equal(200, response.Status);
        Assert.Equal("unauthorized_client", (string?)credentials.Json["error"]);
    }

    [Fact]
    public async Task Refresh_rotates_and_reuse_is_rejected_counted_and_revokes_the_grant()
    {
        var first = (await CodeFlowAsync()).Json;
        var refresh1 = (string)first["refresh_token"]!;

        var rotated = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh1));
        Assert.Equal(200, rotated.Status);
        var refresh2 = (string)rotated.Json["refresh_token"]!;
        Assert.NotEqual(refresh1, refresh2);
        Assert.NotEqual((string?)first["access_token"], (string?)rotated.Json["access_token"]);
        Assert.Equal(1, Server.Counters.RefreshRotations);

        var reuse = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh1));
        Assert.Equal((400, "invalid_grant"), (reuse.Status, (string?)reuse.Json["error"]));
        Assert.Equal(1, Server.Counters.RefreshReuseAttempts);

        // Reuse means the token leaked: the whole grant is revoked (RFC 9700 §4.14.2).
        var afterReuse = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh2));
        Assert.Equal("invalid_grant", (string?)afterReuse.Json["error"]);
        Assert.Equal(401, (await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + (string)rotated.Json["access_token"]!))).Status);
    }

    [Fact]
    public async Task Refresh_may_narrow_the_scope_but_not_widen_it()
    {
        var refresh = (string)(await CodeFlowAsync("read write")).Json["refresh_token"]!;

        var wider = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh, "read admin"));
        var narrower = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh, "read"));

        Assert.Equal("invalid_scope", (string?)wider.Json["error"]);
        Assert.Equal("read", (string?)narrower.Json["scope"]);
    }

    [Fact]
    public async Task Refresh_token_of_another_client_is_invalid_grant()
    {
        var refresh = (string)(await CodeFlowAsync()).Json["refresh_token"]!;

        var response = await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, refresh), Basic("narrow", "n"));

        Assert.Equal("invalid_grant", (string?)response.Json["error"]);
    }

    [Fact]
    public async Task Client_credentials_issues_an_access_token_without_refresh_token()
    {
        var response = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl, "read"), Basic("narrow", "n"));
        var forbidden = await SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl, "admin"), Basic("narrow", "n"));

        Assert.Equal(200, response.Status);
        Assert.Equal("Bearer", (string?)response.Json["token_type"]);
        Assert.Equal("read", (string?)response.Json["scope"]);
        Assert.Null(response.Json["refresh_token"]);
        Assert.Equal((400, "invalid_scope"), (forbidden.Status, (string?)forbidden.Json["error"]));

        // Such a token has no user.
        var user = await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + (string)response.Json["access_token"]!));
        Assert.Equal(403, user.Status);
    }

    [Theory]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task Unknown_or_missing_grant_type(string grantType, string error)
    {
        var request = OAuthHttpRequest.PostForm(Server.OAuth2TokenUrl, grantType.Length == 0 ? [] : [new("grant_type", grantType)]);

        var response = await SendTokenRequestAsync(request);

        Assert.Equal((400, error), (response.Status, (string?)response.Json["error"]));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Repeated_parameter_is_invalid_request()
    {
        var request = TokenRequests.ClientCredentials(Server.OAuth2TokenUrl).WithFormFields([new("grant_type", "client_credentials")]);

        Assert.Equal("invalid_request", (string?)(await SendTokenRequestAsync(request)).Json["error"]);
    }
}
