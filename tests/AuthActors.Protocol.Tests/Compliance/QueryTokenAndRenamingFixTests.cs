using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tests.TestSupport;
using static AuthActors.Protocol.Tests.Compliance.FixHarness;

namespace AuthActors.Protocol.Tests.Compliance;

/// <summary>
/// Weibo, Douban, Instagram (token in the query for API calls), eBay (its own token_type labels) and
/// Plentymarkets (camelCase members), with recorded responses from documents/.
/// </summary>
public sealed class QueryTokenAndRenamingFixTests
{
    // https://open.weibo.com/wiki/Oauth2/access_token and https://developers.douban.com/wiki/?title=oauth2
    [Theory]
    [InlineData("weibo", "weibo.access_token.http", "ACCESS_TOKEN")]
    [InlineData("douban", "douban.access_token.http", "a14afef0f66fcffce3e0fcd2e34f6ff4")]
    public void Response_without_token_type_becomes_a_bearer_token(string fix, string document, string accessToken)
    {
        var without = Without(document);
        var with = With(fix, document);

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal((accessToken, "Bearer"), (with.Token!.AccessToken, with.Token.TokenType));
    }

    [Fact]
    public void Weibo_and_douban_keep_their_user_ids_and_refresh_token()
    {
        Assert.Equal("12341234", With("weibo", "weibo.access_token.http").Token!.Extra["uid"]);
        var douban = With("douban", "douban.access_token.http").Token!;
        Assert.Equal(("5d633d136b6d56a41829b73a424803ec", "1221"), (douban.RefreshToken, douban.Extra["douban_user_id"]));
    }

    // https://developers.facebook.com/docs/instagram-basic-display-api/getting-started (step 5)
    [Fact]
    public void Instagram_token_response_without_token_type_becomes_a_bearer_token()
    {
        var without = Without("instagram.access_token.http");
        var with = With("instagram", "instagram.access_token.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        Assert.Equal(("IGQVJYeUk4NWNXREJIa3RZATXlLV0Q1SGZAqX2w3dGRzRDR6ZA1RfYUNyOHhlcVZA", "Bearer"), (with.Token!.AccessToken, with.Token.TokenType));
        Assert.Equal("17841405793187218", with.Token.Extra["user_id"]);
    }

    [Theory]
    [InlineData("instagram", "https://graph.instagram.com/me?fields=id,username")]
    [InlineData("weibo", "https://api.weibo.com/2/users/show.json?uid=12341234")]
    [InlineData("douban", "https://api.douban.com/v2/user/~me")]
    public void Protected_requests_carry_the_token_in_the_query_instead_of_the_header(string fix, string url)
    {
        var without = Protected(new ComplianceHooks(), url);
        var with = Protected(Hooks(fix), url);

        Assert.Equal("Bearer at-123", without.Header("Authorization"));
        Assert.Null(Params.QueryOf(without.Url).First("access_token"));
        Assert.Null(with.Header("Authorization"));
        Assert.StartsWith(url, with.Url, StringComparison.Ordinal); // the existing query is kept
        Assert.Equal("at-123", Params.QueryOf(with.Url).First("access_token"));
    }

    [Fact]
    public void Moving_the_token_leaves_requests_without_a_bearer_header_alone()
    {
        var basic = OAuthHttpRequest.Create("GET", "https://api.example.com/x").WithHeader("Authorization", "Basic abc");

        Assert.Same(basic, HookHelpers.MoveBearerToQuery(basic));
    }

    // https://developer.ebay.com/api-docs/static/oauth-auth-code-grant-request.html
    [Fact]
    public void Ebay_user_access_token_type_becomes_bearer()
    {
        var without = Without("ebay.user_access_token.http");
        var with = With("ebay", "ebay.user_access_token.http");

        Assert.Equal("User Access Token", without.Token!.TokenType);
        Assert.False(without.Token.IsBearer);
        Assert.True(with.Token!.IsBearer);
        Assert.Equal(("v^1.1#i^1#p^3#r^1...XzMjRV4xMjg0", "v^1.1#i^1#p^3#r^1...zYjRV4xMjg0"), (with.Token.AccessToken, with.Token.RefreshToken));
        Assert.Equal("47304000", with.Token.Extra["refresh_token_expires_in"]);
    }

    // https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html: no new refresh token is issued
    [Fact]
    public void Ebay_refresh_response_becomes_bearer_and_keeps_the_previous_refresh_token()
    {
        var refreshed = RefreshWith("ebay", "ebay.refresh_user_access_token.http", previousRefreshToken: "v^1.1#i^1#p^3#r^1...zYjRV4xMjg0");

        Assert.True(refreshed.Token!.IsBearer);
        Assert.Equal("v^1.1#i^1#p^3#r^1...zYjRV4xMjg0", refreshed.Token.RefreshToken);
    }

    // https://developers.plentymarkets.com/en-gb/plentymarkets-rest-api/index.html#/Authentication/post_rest_login
    [Fact]
    public void Plentymarkets_camel_case_members_are_renamed()
    {
        var without = Without("plentymarkets.login.http");
        var with = With("plentymarkets", "plentymarkets.login.http");

        Assert.Equal(ErrorKind.InvalidResponse, without.Kind);
        var token = with.Token!;
        Assert.Equal(("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6IjY5", "Bearer", "x0sNIJhN2ZxblZoWGZweE4xUkF3eEtXd3VzT2FpcU1pZA"), (token.AccessToken, token.TokenType, token.RefreshToken));
        Assert.Equal(Now.AddDays(1), token.ExpiresAt);
        Assert.Equal("x0sNIJhN2ZxblZoWGZweE4xUkF3eEtXd3VzT2FpcU1pZA", RefreshWith("plentymarkets", "plentymarkets.login.http").Token!.RefreshToken);
    }
}
