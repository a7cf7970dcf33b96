using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;

namespace AuthActors.DevProvider.Tests.Diagnostics;

/// <summary>
/// Each quirk reproduces the shape that one of the Protocol's compliance fixes corrects: the raw body is
/// non-standard, and the fix turns it back into a token (or error) the strict parser accepts.
/// </summary>
public sealed class QuirkTests : ProviderTest
{
    private static OAuthHttpResponse ToProtocol(TestResponse r) => new(r.Status, r.ContentType, r.Body, []);

    private static Protocol.OAuth2.OAuth2TokenResponse ParseWithFix(TestResponse response, string fix) =>
        TokenResponseParser.Parse(ComplianceHooks.From(ComplianceFixes.Get(fix)).Apply(ComplianceHookPoint.AccessTokenResponse, ToProtocol(response)), DateTimeOffset.UtcNow);

    private async Task<TestResponse> RedeemWithQuirkAsync(DevQuirk quirk, string? scope = "read write")
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = quirk });
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier, scope);
        return await RedeemAsync(code, verifier);
    }

    private async Task AssertTokenWorksAsync(string accessToken)
    {
        Server.Knobs.Clear("dev-client");
        var user = await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + accessToken));
        Assert.Equal(200, user.Status);
    }

    [Theory]
    [InlineData(DevQuirk.FormEncodedToken, "facebook")]
    [InlineData(DevQuirk.SlackShape, "slack")]
    [InlineData(DevQuirk.MailchimpShape, "mailchimp")]
    [InlineData(DevQuirk.MissingTokenType, "weibo")]
    [InlineData(DevQuirk.MissingTokenType, "douban")]
    [InlineData(DevQuirk.CamelCaseKeys, "plentymarkets")]
    [InlineData(DevQuirk.ScopeArray, "twitch")]
    public async Task Success_shape_is_rejected_by_the_strict_parser_and_fixed_by_its_compliance_fix(DevQuirk quirk, string fix)
    {
        var response = await RedeemWithQuirkAsync(quirk);

        Assert.Equal(200, response.Status);
        Assert.True(TokenResponseParser.Parse(ToProtocol(response), DateTimeOffset.UtcNow).IsError);
        var fixedUp = ParseWithFix(response, fix);
        Assert.False(fixedUp.IsError, fixedUp.Error?.Description);
        Assert.True(fixedUp.Token!.IsBearer);
        await AssertTokenWorksAsync(fixedUp.Token.AccessToken);
    }

    [Fact]
    public async Task Odd_token_type_is_fixed_to_bearer_by_the_ebay_fix()
    {
        var response = await RedeemWithQuirkAsync(DevQuirk.OddTokenType);

        Assert.Equal("User Access Token", (string?)response.Json["token_type"]);
        Assert.True(ParseWithFix(response, "ebay").Token!.IsBearer);
    }

    [Fact]
    public async Task Exact_raw_shapes()
    {
        var facebook = await RedeemWithQuirkAsync(DevQuirk.FormEncodedToken);
        Assert.Equal("text/plain", facebook.ContentType);
        Assert.Matches("^access_token=[A-Za-z0-9_-]+&expires=3600$", facebook.Body);

        var slack = (await RedeemWithQuirkAsync(DevQuirk.SlackShape)).Json;
        Assert.True((bool)slack["ok"]!);
        Assert.NotNull(slack["app_id"]);
        Assert.NotNull(slack["team"]!["id"]);
        Assert.Equal("dev-user-1", (string?)slack["authed_user"]!["id"]);
        Assert.Equal("user", (string?)slack["authed_user"]!["token_type"]);
        Assert.Equal("read write", (string?)slack["authed_user"]!["scope"]);
        Assert.Null(slack["access_token"]);

        var mailchimp = await RedeemWithQuirkAsync(DevQuirk.MailchimpShape);
        Assert.Matches("^\\{\"access_token\":\"[A-Za-z0-9_-]+\",\"expires_in\":0,\"scope\":null\\}$", mailchimp.Body);

        var camel = (await RedeemWithQuirkAsync(DevQuirk.CamelCaseKeys)).Json;
        Assert.Equal(["accessToken", "tokenType", "expiresIn", "refreshToken", "scope"], camel.Select(p => p.Key));

        var twitch = (await RedeemWithQuirkAsync(DevQuirk.ScopeArray)).Json;
        Assert.Equal("[\"read\",\"write\"]", twitch["scope"]!.ToJsonString());

        var weibo = (await RedeemWithQuirkAsync(DevQuirk.MissingTokenType)).Json;
        Assert.Null(weibo["token_type"]);
    }

    [Fact]
    public async Task Error_in_success_is_a_200_with_error_fields_fixed_by_the_github_fix()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.ErrorInSuccess });

        var response = await RedeemAsync("bad-code", NewVerifier());

        Assert.Equal(200, response.Status);
        Assert.Equal("invalid_grant", (string?)response.Json["error"]);
        Assert.NotNull(response.Json["error_description"]);
        Assert.NotNull(response.Json["error_uri"]);
        Assert.Equal("invalid_grant", ParseWithFix(response, "github").Error!.Code);
    }

    [Fact]
    public async Task Slack_error_is_a_200_with_ok_false_fixed_by_the_slack_fix()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.SlackShape });

        var response = await RedeemAsync("bad-code", NewVerifier());

        Assert.Equal(200, response.Status);
        Assert.Equal("{\"ok\":false,\"error\":\"invalid_code\"}", response.Body);
        Assert.Equal("invalid_code", ParseWithFix(response, "slack").Error!.Code);
    }

    [Fact]
    public async Task Fitbit_error_uses_an_errors_array_fixed_by_the_fitbit_fix()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.FitbitErrors });

        var response = await RedeemAsync("bad-code", NewVerifier());

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid_grant", (string?)response.Json["errors"]![0]!["errorType"]);
        Assert.False((bool)response.Json["success"]!);
        Assert.Null(response.Json["error"]);
        Assert.Equal("invalid_grant", ParseWithFix(response, "fitbit").Error!.Code);
    }

    [Theory]
    [InlineData(DevQuirk.HtmlErrorPage, 500, "text/html", null)]
    [InlineData(DevQuirk.EmptyBody, 200, "application/json", "")]
    [InlineData(DevQuirk.GarbageBody, 200, "application/json", "{\"access_tok")]
    public async Task Broken_bodies_still_spend_the_code(DevQuirk quirk, int status, string contentType, string? body)
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = quirk });

        var response = await RedeemAsync(code, verifier);

        Assert.Equal(status, response.Status);
        Assert.Equal(contentType, response.ContentType);
        if (body is not null)
        {
            Assert.Equal(body, response.Body);
        }

        Server.Knobs.Clear("dev-client");
        Assert.Equal("invalid_grant", (string?)(await RedeemAsync(code, verifier)).Json["error"]);
        Assert.Equal(1, Server.Counters.CodeReuseAttempts);
    }

    [Fact]
    public async Task Token_in_query_only_accepts_the_query_and_refuses_the_header()
    {
        var access = (string)(await CodeFlowAsync()).Json["access_token"]!;
        Server.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.TokenInQueryOnly });

        var query = await Http.GetAsync(Server.ApiBaseUrl + "user?access_token=" + access);
        var header = await Http.GetAsync(Server.ApiBaseUrl + "user", ("Authorization", "Bearer " + access));

        Assert.Equal(200, query.Status);
        Assert.Equal(401, header.Status);
    }

    [Fact]
    public async Task Quirk_header_overrides_per_request()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);

        var response = await RedeemAsync(code, verifier, headers: ("X-Dev-Quirk", "CamelCaseKeys"));

        Assert.NotNull(response.Json["accessToken"]);
    }
}
