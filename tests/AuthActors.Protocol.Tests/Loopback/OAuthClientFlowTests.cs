using AuthActors.DevProvider;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.Loopback;

/// <summary>The seed's flows through OAuthClient against the DevProvider over real loopback HTTP.</summary>
public sealed class OAuthClientFlowTests(LoopbackFixture fx) : IClassFixture<LoopbackFixture>, IDisposable
{
    private const string RedirectUri = "http://127.0.0.1:9/auth";
    private DevProviderServer Provider => fx.Provider;

    public void Dispose() => Provider.Knobs.ClearAll();

    private async Task<(OAuthClient Client, AuthorizeRedirect Redirect, IReadOnlyList<KeyValuePair<string, string>> Callback)> AuthorizeOAuth2(OAuthClientKwargs? kwargs = null)
    {
        var client = new OAuthClient(fx.OAuth2(kwargs));
        var redirect = await client.GenerateAuthorizeRedirectAsync(RedirectUri);
        return (client, redirect, await LoopbackFixture.ApproveAsync(redirect.Url));
    }

    [Fact]
    public async Task An_OAuth2_login_exchanges_the_code_with_PKCE_and_calls_the_api_with_the_token()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        var redeemed = Provider.Counters.CodesRedeemed;
        var token = (OAuth2Token)await client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier);
        Assert.True(token.IsBearer);
        Assert.Equal(redeemed + 1, Provider.Counters.CodesRedeemed);
        var me = await client.GetAsync("user", token);
        Assert.Equal(200, me.StatusCode);
        Assert.Contains("\"login\":\"devuser\"", me.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_code_is_an_invalid_grant_protocol_error()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        await client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier);
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier));
        Assert.Equal((ErrorKind.Protocol, "invalid_grant"), (ex.Error.Kind, ex.Error.Code));
    }

    [Fact]
    public async Task A_wrong_verifier_or_redirect_uri_is_refused_by_the_provider()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        var wrongVerifier = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: new string('a', 43)));
        Assert.Equal("invalid_grant", wrongVerifier.Error.Code);
        var wrongRedirect = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync("http://127.0.0.1:9/other", callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier));
        Assert.Equal("invalid_grant", wrongRedirect.Error.Code);
    }

    [Fact]
    public async Task A_missing_or_foreign_state_is_refused_before_any_token_request()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        var before = Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);
        var withoutState = callback.Where(p => p.Key != "state").ToList();
        Assert.Equal(OAuthErrorCodes.MissingState, (await Assert.ThrowsAsync<OAuthException>(() =>
            client.FetchAccessTokenAsync(RedirectUri, withoutState, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier))).Error.Code);
        Assert.Equal(OAuthErrorCodes.StateMismatch, (await Assert.ThrowsAsync<OAuthException>(() =>
            client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: "another-state", codeVerifier: redirect.CodeVerifier))).Error.Code);
        Assert.Equal(before, Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    [Fact]
    public async Task A_denial_at_the_provider_is_a_typed_denial()
    {
        var client = new OAuthClient(fx.OAuth2());
        var redirect = await client.GenerateAuthorizeRedirectAsync(RedirectUri, extraParameters: [new("dev_consent", "deny")]);
        var callback = await LoopbackFixture.ApproveAsync(redirect.Url);
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State));
        Assert.Equal((ErrorKind.Denied, "access_denied"), (ex.Error.Kind, ex.Error.Code));
    }

    [Fact]
    public async Task Client_secret_post_works_on_the_wire()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2(new() { Scope = "profile", TokenEndpointAuthMethod = "client_secret_post" });
        var token = await client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier);
        Assert.IsType<OAuth2Token>(token);
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_revocation_ends_api_access()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        var token = (OAuth2Token)await client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier);
        var refreshed = await client.RefreshTokenAsync(token.RefreshToken!);
        Assert.NotEqual(token.RefreshToken, refreshed.RefreshToken);
        Assert.Equal("invalid_grant", (await Assert.ThrowsAsync<OAuthException>(() => client.RefreshTokenAsync(token.RefreshToken!))).Error.Code);
        var fresh = (OAuth2Token)await (await AuthorizeAndExchange());
        Assert.False((await client.RevokeTokenAsync(fresh.AccessToken, "access_token")).IsError);
        Assert.Equal(401, (await client.GetAsync("user", fresh)).StatusCode);

        async Task<Task<OAuthToken>> AuthorizeAndExchange()
        {
            var (c, r, cb) = await AuthorizeOAuth2();
            return c.FetchAccessTokenAsync(RedirectUri, cb, expectedState: r.State, codeVerifier: r.CodeVerifier);
        }
    }

    [Theory]
    [InlineData(DevQuirk.GarbageBody, ErrorKind.InvalidResponse)]
    [InlineData(DevQuirk.EmptyBody, ErrorKind.InvalidResponse)]
    [InlineData(DevQuirk.HtmlErrorPage, ErrorKind.Http)]
    [InlineData(DevQuirk.MissingTokenType, ErrorKind.InvalidResponse)]
    public async Task A_provider_that_answers_garbage_gives_a_typed_error(DevQuirk quirk, ErrorKind expected)
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        Provider.Knobs.Set("dev-client", new DevClientKnobs { Quirk = quirk });
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier));
        Assert.Equal(expected, ex.Error.Kind);
    }

    [Fact]
    public async Task A_provider_that_drops_the_connection_or_fails_is_a_transport_or_http_error()
    {
        var (client, redirect, callback) = await AuthorizeOAuth2();
        Provider.Knobs.Set("dev-client", new DevClientKnobs { DropRate = 1.0 });
        Assert.Equal(ErrorKind.Transport, (await Assert.ThrowsAsync<OAuthException>(() =>
            client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier))).Error.Kind);
        Provider.Knobs.Set("dev-client", new DevClientKnobs { ErrorRate = 1.0 });
        var http = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier));
        Assert.Equal((ErrorKind.Http, 503), (http.Error.Kind, http.Error.HttpStatus));
    }

    [Fact]
    public async Task A_provider_that_is_down_is_a_transport_error()
    {
        await using var gone = await DevProviderServer.StartAsync();
        var options = fx.OAuth2() with { AccessTokenUrl = gone.OAuth2TokenUrl };
        await gone.StopAsync();
        var client = new OAuthClient(options);
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, [new("code", "c"), new("state", "s")], expectedState: "s"));
        Assert.Equal(ErrorKind.Transport, ex.Error.Kind);
    }

    [Fact]
    public async Task A_compliance_fix_makes_a_non_standard_provider_work_end_to_end()
    {
        var (_, redirect, callback) = await AuthorizeOAuth2();
        Provider.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.SlackShape });
        var fixedClient = new OAuthClient(fx.OAuth2() with { ComplianceFix = Protocol.Compliance.ComplianceFixes.Get("slack") });
        var token = (OAuth2Token)await fixedClient.FetchAccessTokenAsync(RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier);
        Assert.True(token.IsBearer);
    }

    [Theory]
    [InlineData(OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Header)]
    [InlineData(OAuth1SignatureMethod.HmacSha256, OAuth1SignatureType.Query)]
    [InlineData(OAuth1SignatureMethod.Plaintext, OAuth1SignatureType.Body)]
    public async Task An_OAuth1_login_obtains_a_request_token_then_token_credentials_and_signs_api_calls(OAuth1SignatureMethod method, OAuth1SignatureType placement)
    {
        var client = new OAuthClient(fx.OAuth1(new() { SignatureMethod = method, SignatureType = placement }));
        OAuth1Token? saved = null;
        var (url, state) = await client.GenerateAuthorizeRedirectAsync(RedirectUri, t => { saved = t; return Task.CompletedTask; });
        Assert.Null(state);
        Assert.Contains("oauth_token=" + saved!.Token, url, StringComparison.Ordinal);
        var callback = await LoopbackFixture.ApproveAsync(url);
        var token = Assert.IsType<OAuth1Token>(await client.FetchAccessTokenAsync(RedirectUri, callback, () => Task.FromResult<OAuth1Token?>(saved)));
        var me = await client.GetAsync("user?fields=a%20b", token);
        Assert.Equal(200, me.StatusCode);
    }

    [Fact]
    public async Task An_OAuth1_callback_with_another_token_is_refused_without_a_request()
    {
        var client = new OAuthClient(fx.OAuth1());
        OAuth1Token? saved = null;
        var (url, _) = await client.GenerateAuthorizeRedirectAsync(RedirectUri, t => { saved = t; return Task.CompletedTask; });
        var callback = await LoopbackFixture.ApproveAsync(url);
        var before = Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken);
        var forged = callback.Select(p => p.Key == "oauth_token" ? new KeyValuePair<string, string>(p.Key, "forged") : p).ToList();
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, forged, () => Task.FromResult(saved)));
        Assert.Equal(OAuthErrorCodes.TokenMismatch, ex.Error.Code);
        Assert.Equal(before, Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken));
    }

    [Fact]
    public async Task An_OAuth1_wrong_verifier_is_refused_by_the_provider_with_its_problem_code()
    {
        var client = new OAuthClient(fx.OAuth1());
        OAuth1Token? saved = null;
        var (url, _) = await client.GenerateAuthorizeRedirectAsync(RedirectUri, t => { saved = t; return Task.CompletedTask; });
        var callback = (await LoopbackFixture.ApproveAsync(url)).Select(p => p.Key == "oauth_verifier" ? new KeyValuePair<string, string>(p.Key, "wrong") : p).ToList();
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(RedirectUri, callback, () => Task.FromResult(saved)));
        Assert.Equal((ErrorKind.Protocol, "verifier_invalid"), (ex.Error.Kind, ex.Error.Code));
    }

    [Fact]
    public async Task An_OAuth1_request_signed_with_the_wrong_secret_is_refused()
    {
        var client = new OAuthClient(fx.OAuth1() with { ClientSecret = "not-the-secret" });
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.GenerateAuthorizeRedirectAsync(RedirectUri));
        Assert.Equal((ErrorKind.Protocol, "signature_invalid"), (ex.Error.Kind, ex.Error.Code));
    }
}
