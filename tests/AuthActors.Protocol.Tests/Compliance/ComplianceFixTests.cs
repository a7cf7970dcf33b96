using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;
using static AuthActors.Protocol.Tests.Compliance.FixHarness;

namespace AuthActors.Protocol.Tests.Compliance;

/// <summary>
/// Shipped fixes for providers whose token responses break RFC 6749 §5: each recorded response (documents/,
/// sources in documents/SOURCES.md) is wrong or invalid for the strict parser without the fix and right with it.
/// </summary>
public sealed class ComplianceFixTests
{
    // https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors#bad-verification-code
    [Fact]
    public void GitHub_error_inside_a_200_becomes_a_protocol_error()
    {
        var without = Without("github.bad_verification_code.http");
        var with = With("github", "github.bad_verification_code.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal(ErrorKind.Protocol, with.Kind);
        Assert.Equal(("bad_verification_code", "The code passed is incorrect or expired."), (with.Error!.Code, with.Error.Description));
        Assert.StartsWith("https://docs.github.com/", with.Error.Uri, StringComparison.Ordinal);
        Assert.Equal(400, with.HttpStatus);
    }

    // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
    [Theory]
    [InlineData("github.access_token.form.http")]
    [InlineData("github.access_token.json.http")]
    public void GitHub_success_in_either_format_is_a_token_with_the_fix(string document)
    {
        var token = With("github", document).Token!;

        Assert.Equal(("gho_16C7e42F292c6912E7710c838347Ae178B4a", "repo,gist"), (token.AccessToken, token.Scope));
        Assert.True(token.IsBearer); // "bearer": the type is case-insensitive (RFC 6750 §1.1)
    }

    [Fact]
    public void GitHub_fix_asks_for_json_on_code_and_refresh_requests()
    {
        var hooks = Hooks("github");
        var bare = OAuthHttpRequest.PostForm("https://github.com/login/oauth/access_token", []);

        Assert.Equal("application/json", hooks.Apply(ComplianceHookPoint.AccessTokenRequest, bare).Header("Accept"));
        Assert.Equal("application/json", hooks.Apply(ComplianceHookPoint.RefreshTokenRequest, bare).Header("Accept"));
        Assert.Null(bare.Header("Accept"));
    }

    // https://developers.facebook.com/docs/graph-api/changelog/version2.3 (v2.2 and earlier answered form-encoded)
    [Fact]
    public void Facebook_legacy_form_response_with_expires_becomes_a_bearer_token_with_expiry()
    {
        var without = Without("facebook.access_token.v2_2.http");
        var with = With("facebook", "facebook.access_token.v2_2.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind); // no token_type
        Assert.Equal("EAAGm0PX4ZCpsBAKCZBy7hbPZB2ZAZCQZBaGxUaqAU8pY5lK", with.Token!.AccessToken);
        Assert.Equal("Bearer", with.Token.TokenType);
        Assert.Equal(5183999, with.Token.ExpiresIn);
        Assert.Equal(Now.AddSeconds(5183999), with.Token.ExpiresAt);
        Assert.False(with.Token.Extra.ContainsKey("expires"));
    }

    // https://api.slack.com/methods/oauth.v2.access
    [Fact]
    public void Slack_bot_token_type_bot_is_unusable_without_the_fix_and_bearer_with_it()
    {
        var without = Without("slack.oauth_v2_access.http");
        var with = With("slack", "slack.oauth_v2_access.http");

        Assert.Equal("bot", without.Token!.TokenType);
        Assert.NotNull(OAuth2Flow.ProtectedCall(without.Token, OAuthHttpRequest.Create("GET", "https://slack.com/api/auth.test")).Error);
        Assert.Equal(("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "Bearer"), (with.Token!.AccessToken, with.Token.TokenType));
        Assert.Equal("U0KRQLJ9H", with.Token.Extra["bot_user_id"]);
    }

    // https://api.slack.com/authentication/oauth-v2 (a user-token-only install: the token sits under authed_user)
    [Fact]
    public void Slack_user_token_under_authed_user_is_lifted_with_the_fix()
    {
        var without = Without("slack.oauth_v2_access.user_only.http");
        var with = With("slack", "slack.oauth_v2_access.user_only.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal(("xoxp-1234", "Bearer", "identity.basic"), (with.Token!.AccessToken, with.Token.TokenType, with.Token.Scope));
        Assert.Equal("U1234", with.Token.Extra["id"]);
        Assert.False(with.Token.Extra.ContainsKey("authed_user"));
    }

    // https://api.slack.com/methods/oauth.v2.access#errors: failures are HTTP 200 with "ok": false
    [Fact]
    public void Slack_ok_false_becomes_a_protocol_error_with_slacks_code()
    {
        var without = Without("slack.invalid_code.http");
        var with = With("slack", "slack.invalid_code.http");
        var refreshed = RefreshWith("slack", "slack.invalid_code.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal((ErrorKind.Protocol, "invalid_code"), (with.Kind, with.Error!.Code));
        Assert.Equal((ErrorKind.Protocol, "invalid_code"), (refreshed.Kind, refreshed.Error!.Code));
    }

    // https://dev.fitbit.com/build/reference/web-api/troubleshooting-guide/error-messages/
    [Fact]
    public void Fitbit_errors_array_becomes_a_protocol_error()
    {
        var without = Without("fitbit.invalid_grant.http");
        var with = With("fitbit", "fitbit.invalid_grant.http");
        var refreshed = RefreshWith("fitbit", "fitbit.invalid_grant.http");

        Assert.Equal(ErrorKind.Http, without.Kind); // a 400 whose body has no "error"
        Assert.Equal((ErrorKind.Protocol, "invalid_grant", 400), (with.Kind, with.Error!.Code, with.Error.HttpStatus));
        Assert.StartsWith("Authorization code invalid", with.Error.Description, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", refreshed.Error!.Code);
    }

    // https://dev.fitbit.com/build/reference/web-api/authorization/oauth2-token/
    [Fact]
    public void Fitbit_fix_leaves_a_standard_success_alone()
    {
        var with = With("fitbit", "fitbit.access_token.http");

        Assert.Equal(Without("fitbit.access_token.http").Token!.AccessToken, with.Token!.AccessToken);
        Assert.Equal("26FWFL", with.Token.Extra["user_id"]);
    }

    // https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/
    [Fact]
    public void Mailchimp_token_without_type_and_with_expires_in_zero_becomes_a_non_expiring_bearer_token()
    {
        var without = Without("mailchimp.access_token.http");
        var with = With("mailchimp", "mailchimp.access_token.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal(("5c6ccc561059aa386da9d112215bae55", "Bearer"), (with.Token!.AccessToken, with.Token.TokenType));
        Assert.Null(with.Token.ExpiresAt); // "expires_in": 0 means "never", not "already expired"
        Assert.Null(with.Token.Scope);
    }

    // https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow
    [Fact]
    public void Twitch_scope_array_becomes_a_space_delimited_scope()
    {
        var without = Without("twitch.access_token.http");
        var with = With("twitch", "twitch.access_token.http");
        var refreshed = RefreshWith("twitch", "twitch.access_token.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal("channel:moderate chat:edit chat:read", with.Token!.Scope);
        Assert.Equal(("rfx2uswqe8l4g1mkagrvg5tv0ks3", 14124L), (with.Token.AccessToken, with.Token.ExpiresIn!.Value));
        Assert.Equal("channel:moderate chat:edit chat:read", refreshed.Token!.Scope);
    }

    [Fact]
    public void Fixes_do_not_touch_http_errors_they_do_not_own()
    {
        var html = new OAuthHttpResponse(502, "text/html", "<html>Bad Gateway</html>", []);

        foreach (var name in ComplianceFixes.Names)
        {
            var parsed = OAuth2Flow.AccessTokenResponse(Hooks(name), html, Now);

            Assert.Equal((ErrorKind.Http, 502), (parsed.Kind, parsed.HttpStatus));
        }
    }
}
