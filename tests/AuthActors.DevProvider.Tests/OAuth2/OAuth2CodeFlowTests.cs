using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc7636;

namespace AuthActors.DevProvider.Tests.OAuth2;

/// <summary>The authorization code flow with PKCE over real loopback HTTP.</summary>
public sealed class OAuth2CodeFlowTests : ProviderTest
{
    [Fact]
    public async Task Full_code_flow_with_pkce_reaches_the_user()
    {
        var verifier = NewVerifier();
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, state: "abc xyz", scope: "read write"));

        Assert.Equal(302, authorize.Status);
        Assert.StartsWith(RedirectUri + "?", authorize.Location);
        var code = authorize.LocationQuery.First("code")!;

        var tokens = await RedeemAsync(code, verifier);
        Assert.Equal(200, tokens.Status);
        Assert.Equal("application/json", tokens.ContentType);
        Assert.Equal("no-store", tokens.Headers.CacheControl?.ToString());
        var json = tokens.Json;
        Assert.Equal("Bearer", (string?)json["token_type"]);
        Assert.Equal(3600, (long)json["expires_in"]!);
        Assert.Equal("read write", (string?)json["scope"]);
        Assert.False(string.IsNullOrEmpty((string?)json["refresh_token"]));

        var access = (string)json["access_token"]!;
        foreach (var url in new[] { Server.OAuth2UserInfoUrl, Server.ApiBaseUrl + "user" })
        {
            var user = await Http.GetAsync(url, ("Authorization", "Bearer " + access));
            Assert.Equal(200, user.Status);
            Assert.Equal("dev-user-1", (string?)user.Json["sub"]);
            Assert.Equal("devuser", (string?)user.Json["login"]);
            Assert.Equal("Dev User", (string?)user.Json["name"]);
            Assert.Equal("dev@example.test", (string?)user.Json["email"]);
        }
    }

    [Fact]
    public async Task State_and_iss_are_echoed()
    {
        var response = await Http.GetAsync(AuthorizeUrl(NewVerifier(), state: "s/1+2=3&x"));

        Assert.Equal("s/1+2=3&x", response.LocationQuery.First("state"));
        Assert.Equal(Server.Issuer, response.LocationQuery.First("iss"));
        Assert.Equal(Server.BaseUrl, Server.Issuer);
    }

    [Fact]
    public async Task Reused_code_is_rejected_counted_and_revokes_its_tokens()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);
        var first = await RedeemAsync(code, verifier);
        var access = (string)first.Json["access_token"]!;

        var second = await RedeemAsync(code, verifier);

        Assert.Equal(400, second.Status);
        Assert.Equal("invalid_grant", (string?)second.Json["error"]);
        Assert.Equal("no-store", second.Headers.CacheControl?.ToString());
        Assert.Equal(1, Server.Counters.CodeReuseAttempts);
        Assert.Equal(1, Server.Counters.CodesRedeemed);
        Assert.Equal(401, (await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + access))).Status);
        var refresh = await SendTokenRequestAsync(Protocol.OAuth2.Rfc6749.TokenRequests.RefreshToken(Server.OAuth2TokenUrl, (string)first.Json["refresh_token"]!));
        Assert.Equal("invalid_grant", (string?)refresh.Json["error"]);
    }

    [Fact]
    public async Task Wrong_redirect_uri_at_the_token_endpoint_is_invalid_grant()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);

        var wrong = await RedeemAsync(code, verifier, redirectUri: "http://127.0.0.1:5999/other");
        var missing = await RedeemAsync(code, verifier, redirectUri: null);

        Assert.Equal("invalid_grant", (string?)wrong.Json["error"]);
        Assert.Equal("invalid_grant", (string?)missing.Json["error"]);
        Assert.Equal(200, (await RedeemAsync(code, verifier)).Status); // a failed binding does not spend the code
    }

    [Fact]
    public async Task Wrong_or_missing_code_verifier_is_invalid_grant()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);

        Assert.Equal("invalid_grant", (string?)(await RedeemAsync(code, NewVerifier())).Json["error"]);
        Assert.Equal("invalid_grant", (string?)(await RedeemAsync(code, null)).Json["error"]);
        Assert.Equal(0, Server.Counters.CodesRedeemed);
    }

    [Fact]
    public async Task Expired_code_is_invalid_grant()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);
        Clock.Advance(TimeSpan.FromSeconds(61));

        var response = await RedeemAsync(code, verifier);

        Assert.Equal("invalid_grant", (string?)response.Json["error"]);
    }

    [Fact]
    public async Task Plain_pkce_is_refused_by_default()
    {
        var verifier = NewVerifier();
        var url = new Protocol.OAuth2.Rfc6749.AuthorizationRequest(Server.OAuth2AuthorizeUrl, "dev-client")
        {
            RedirectUri = RedirectUri, State = "s", CodeChallenge = verifier, CodeChallengeMethod = "plain",
        }.ToUrl();

        var response = await Http.GetAsync(url);

        Assert.Equal(302, response.Status);
        Assert.Equal("invalid_request", response.LocationQuery.First("error"));
        Assert.Equal("s", response.LocationQuery.First("state"));
        Assert.Equal(Server.Issuer, response.LocationQuery.First("iss"));
        Assert.Null(response.LocationQuery.First("code"));
    }

    [Fact]
    public async Task Missing_pkce_is_invalid_request_when_required()
    {
        var url = new Protocol.OAuth2.Rfc6749.AuthorizationRequest(Server.OAuth2AuthorizeUrl, "dev-client") { RedirectUri = RedirectUri }.ToUrl();

        var response = await Http.GetAsync(url);

        Assert.Equal("invalid_request", response.LocationQuery.First("error"));
    }

    [Fact]
    public async Task Unsupported_response_type_is_redirected()
    {
        var url = AuthorizeUrl(NewVerifier()).Replace("response_type=code", "response_type=token", StringComparison.Ordinal);

        var response = await Http.GetAsync(url);

        Assert.Equal("unsupported_response_type", response.LocationQuery.First("error"));
    }

    [Theory]
    [InlineData("someone-else", RedirectUri)]
    [InlineData("dev-client", "https://evil.example/callback")]
    [InlineData("dev-client", "http://127.0.0.1:5999/callback#frag")]
    public async Task Unknown_client_or_bad_redirect_uri_gets_an_error_page_not_a_redirect(string clientId, string redirectUri)
    {
        var response = await Http.GetAsync(AuthorizeUrl(NewVerifier(), clientId: clientId, redirectUri: redirectUri));

        Assert.Equal(400, response.Status);
        Assert.Equal("text/html", response.ContentType);
        Assert.Null(response.Location);
    }

    [Fact]
    public async Task Dev_consent_deny_redirects_access_denied_with_state_and_iss()
    {
        var response = await Http.GetAsync(AuthorizeUrl(NewVerifier(), extra: [new("dev_consent", "deny")]));

        Assert.Equal(302, response.Status);
        Assert.Equal("access_denied", response.LocationQuery.First("error"));
        Assert.Equal("st-1", response.LocationQuery.First("state"));
        Assert.Equal(Server.Issuer, response.LocationQuery.First("iss"));
        Assert.Equal(0, Server.Counters.CodesIssued);
    }

    [Fact]
    public async Task Form_post_response_mode_posts_code_state_and_iss()
    {
        var response = await Http.GetAsync(AuthorizeUrl(NewVerifier(), extra: [new("response_mode", "form_post")]));

        Assert.Equal(200, response.Status);
        Assert.Equal("text/html", response.ContentType);
        Assert.Contains($"<form method=\"post\" action=\"{RedirectUri}\">", response.Body);
        Assert.Contains("name=\"code\"", response.Body);
        Assert.Contains("name=\"state\" value=\"st-1\"", response.Body);
        Assert.Contains($"name=\"iss\" value=\"{Server.Issuer}\"", response.Body);
        Assert.Contains("document.forms[0].submit()", response.Body);
    }

    [Fact]
    public async Task Dev_consent_page_then_approve_issues_a_code()
    {
        var page = await Http.GetAsync(AuthorizeUrl(NewVerifier(), extra: [new("dev_consent", "page")]));
        Assert.Equal(200, page.Status);
        Assert.Contains("Approve", page.Body);
        Assert.Contains("Deny", page.Body);

        var approve = await ConsentAsync(page.Body, "approve");
        Assert.Equal(302, approve.Status);
        Assert.NotNull(approve.LocationQuery.First("code"));
        Assert.Equal("st-1", approve.LocationQuery.First("state"));

        // The consent id is single-use.
        Assert.Equal(400, (await ConsentAsync(page.Body, "approve")).Status);
    }

    [Fact]
    public async Task Consent_page_deny_redirects_access_denied()
    {
        var page = await Http.GetAsync(AuthorizeUrl(NewVerifier(), extra: [new("dev_consent", "page")]));

        var deny = await ConsentAsync(page.Body, "deny");

        Assert.Equal("access_denied", deny.LocationQuery.First("error"));
    }

    private Task<TestResponse> ConsentAsync(string html, string decision)
    {
        var id = ConsentPage.ConsentId(html);
        return Http.SendAsync(Protocol.Http.OAuthHttpRequest.PostForm(Server.BaseUrl + "/oauth2/consent", [new("consent_id", id), new("decision", decision)]));
    }
}
