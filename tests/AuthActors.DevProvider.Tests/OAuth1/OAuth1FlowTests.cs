using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tokens;

namespace AuthActors.DevProvider.Tests.OAuth1;

/// <summary>The OAuth 1.0a three-legged flow over real loopback HTTP, with requests built by the Protocol.</summary>
public sealed class OAuth1FlowTests : ProviderTest
{
    private const string Callback = "http://127.0.0.1:5999/oauth1/cb?x=1";
    private static readonly OAuth1Credentials Consumer = new("dev-consumer", "dev-consumer-secret");
    private int _nonce;

    private long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    private string Nonce() => "nonce-" + Interlocked.Increment(ref _nonce);

    private static OAuthHttpResponse ToProtocol(TestResponse r) => new(r.Status, r.ContentType, r.Body, []);

    private async Task<OAuth1Token> RequestTokenAsync(string callback = Callback)
    {
        var response = await Http.SendAsync(OAuth1Messages.RequestToken(Server.OAuth1RequestTokenUrl, Consumer, callback, Nonce(), Now));
        Assert.Equal(200, response.Status);
        Assert.Equal("application/x-www-form-urlencoded", response.ContentType);
        var parsed = OAuth1Messages.ParseTokenResponse(ToProtocol(response), requireCallbackConfirmed: true);
        Assert.False(parsed.IsError, parsed.Error?.Description);
        return parsed.Token!;
    }

    private async Task<string> AuthorizeAsync(OAuth1Token requestToken)
    {
        var response = await Http.GetAsync(OAuth1Messages.AuthorizeUrl(Server.OAuth1AuthorizeUrl, requestToken.Token));
        Assert.Equal(302, response.Status);
        Assert.StartsWith("http://127.0.0.1:5999/oauth1/cb?x=1&", response.Location);
        var (verifier, error) = OAuth1Messages.ValidateCallback(response.LocationQuery, requestToken.Token);
        Assert.Null(error);
        return verifier!;
    }

    private Task<TestResponse> AccessTokenAsync(OAuth1Token requestToken, string verifier, string? nonce = null) =>
        Http.SendAsync(OAuth1Messages.AccessToken(Server.OAuth1AccessTokenUrl, Consumer, requestToken, verifier, nonce ?? Nonce(), Now));

    private async Task<OAuth1Token> FullFlowAsync()
    {
        var requestToken = await RequestTokenAsync();
        var verifier = await AuthorizeAsync(requestToken);
        var access = OAuth1Messages.ParseTokenResponse(ToProtocol(await AccessTokenAsync(requestToken, verifier)), requireCallbackConfirmed: false);
        Assert.False(access.IsError, access.Error?.Description);
        return access.Token!;
    }

    private OAuthHttpRequest SignedUserRequest(OAuth1Token token, string method = "GET", string? nonce = null, long? timestamp = null)
    {
        var unsigned = method == "GET"
            ? OAuthHttpRequest.Create("GET", Server.OAuth1UserUrl + "?include=email&q=a%20b")
            : OAuthHttpRequest.PostForm(Server.OAuth1UserUrl, [new("status", "hi there+you")]);
        return RequestSigner.Sign(unsigned, Consumer with { Token = token.Token, TokenSecret = token.TokenSecret }, nonce ?? Nonce(), timestamp ?? Now);
    }

    [Fact]
    public async Task Full_flow_reaches_the_protected_user()
    {
        var access = await FullFlowAsync();

        Assert.Equal("dev-user-1", access.Extra["user_id"]);
        Assert.Equal("devuser", access.Extra["screen_name"]);
        foreach (var method in new[] { "GET", "POST" })
        {
            var user = await Http.SendAsync(SignedUserRequest(access, method));
            Assert.Equal(200, user.Status);
            Assert.Equal("dev-user-1", (string?)user.Json["sub"]);
        }

        Assert.Equal(1, Server.Counters.RequestTokensIssued);
        Assert.Equal(1, Server.Counters.OAuth1AccessTokensIssued);
    }

    [Theory]
    [InlineData(OAuth1SignatureMethod.HmacSha256, OAuth1SignatureType.Header)]
    [InlineData(OAuth1SignatureMethod.Plaintext, OAuth1SignatureType.Body)]
    [InlineData(OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Query)]
    public async Task Request_token_with_other_methods_and_placements(OAuth1SignatureMethod method, OAuth1SignatureType type)
    {
        var credentials = Consumer with { SignatureMethod = method, SignatureType = type };

        var response = await Http.SendAsync(OAuth1Messages.RequestToken(Server.OAuth1RequestTokenUrl, credentials, OAuth1Constants.OutOfBand, Nonce(), Now));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Tampered_signature_is_401_signature_invalid_and_counted()
    {
        var access = await FullFlowAsync();
        var signed = SignedUserRequest(access);
        var header = signed.Header("Authorization")!;
        var tampered = signed.WithHeader("Authorization", header.Replace("oauth_signature=\"", "oauth_signature=\"A", StringComparison.Ordinal));

        var response = await Http.SendAsync(tampered);

        Assert.Equal(401, response.Status);
        Assert.Equal("signature_invalid", response.Form.First("oauth_problem"));
        Assert.StartsWith("OAuth", response.WwwAuthenticate);
        Assert.Equal(1, Server.Counters.SignatureFailures);
    }

    [Fact]
    public async Task Tampered_query_parameter_is_signature_invalid()
    {
        var access = await FullFlowAsync();
        var signed = SignedUserRequest(access);

        var response = await Http.SendAsync(signed with { Url = signed.Url.Replace("include=email", "include=phone", StringComparison.Ordinal) });

        Assert.Equal("signature_invalid", response.Form.First("oauth_problem"));
    }

    [Fact]
    public async Task Replayed_request_is_401_nonce_used_and_counted()
    {
        var access = await FullFlowAsync();
        var signed = SignedUserRequest(access);
        Assert.Equal(200, (await Http.SendAsync(signed)).Status);

        var replay = await Http.SendAsync(signed);

        Assert.Equal(401, replay.Status);
        Assert.Equal("nonce_used", replay.Form.First("oauth_problem"));
        Assert.Equal(1, Server.Counters.NonceReplays);
    }

    [Fact]
    public async Task Stale_timestamp_is_401_timestamp_refused()
    {
        var access = await FullFlowAsync();

        var response = await Http.SendAsync(SignedUserRequest(access, timestamp: Now - 600));

        Assert.Equal(401, response.Status);
        Assert.Equal("timestamp_refused", response.Form.First("oauth_problem"));
        Assert.NotNull(response.Form.First("oauth_acceptable_timestamps"));
    }

    [Fact]
    public async Task Wrong_verifier_is_401_verifier_invalid()
    {
        var requestToken = await RequestTokenAsync();
        await AuthorizeAsync(requestToken);

        var response = await AccessTokenAsync(requestToken, "not-the-verifier");

        Assert.Equal(401, response.Status);
        Assert.Equal("verifier_invalid", response.Form.First("oauth_problem"));
    }

    [Fact]
    public async Task Unapproved_request_token_has_no_valid_verifier()
    {
        var requestToken = await RequestTokenAsync();

        var response = await AccessTokenAsync(requestToken, "guess");

        Assert.Equal("verifier_invalid", response.Form.First("oauth_problem"));
    }

    [Fact]
    public async Task Request_token_is_single_use()
    {
        var requestToken = await RequestTokenAsync();
        var verifier = await AuthorizeAsync(requestToken);
        Assert.Equal(200, (await AccessTokenAsync(requestToken, verifier)).Status);

        var again = await AccessTokenAsync(requestToken, verifier);

        Assert.Equal(401, again.Status);
        Assert.Equal("token_rejected", again.Form.First("oauth_problem"));
        Assert.Equal(400, (await Http.GetAsync(OAuth1Messages.AuthorizeUrl(Server.OAuth1AuthorizeUrl, requestToken.Token))).Status);
    }

    [Fact]
    public async Task Request_token_cannot_call_the_resource()
    {
        var requestToken = await RequestTokenAsync();

        var response = await Http.SendAsync(SignedUserRequest(requestToken));

        Assert.Equal("token_rejected", response.Form.First("oauth_problem"));
    }

    [Fact]
    public async Task Unknown_consumer_and_missing_callback()
    {
        var unknown = await Http.SendAsync(OAuth1Messages.RequestToken(Server.OAuth1RequestTokenUrl, Consumer with { ClientId = "ghost" }, Callback, Nonce(), Now));
        var noCallback = await Http.SendAsync(RequestSigner.Sign(OAuthHttpRequest.PostForm(Server.OAuth1RequestTokenUrl, []), Consumer, Nonce(), Now));
        var relative = await Http.SendAsync(OAuth1Messages.RequestToken(Server.OAuth1RequestTokenUrl, Consumer, "/relative", Nonce(), Now));

        Assert.Equal((401, "consumer_key_unknown"), (unknown.Status, unknown.Form.First("oauth_problem")));
        Assert.Equal((400, "parameter_absent"), (noCallback.Status, noCallback.Form.First("oauth_problem")));
        Assert.Equal("oauth_callback", noCallback.Form.First("oauth_parameters_absent"));
        Assert.Equal((400, "parameter_rejected"), (relative.Status, relative.Form.First("oauth_problem")));
    }

    [Fact]
    public async Task Out_of_band_shows_the_verifier_on_a_page()
    {
        var requestToken = await RequestTokenAsync(OAuth1Constants.OutOfBand);

        var page = await Http.GetAsync(OAuth1Messages.AuthorizeUrl(Server.OAuth1AuthorizeUrl, requestToken.Token));
        var verifier = System.Text.RegularExpressions.Regex.Match(page.Body, "id=\"oauth_verifier\">([^<]+)<").Groups[1].Value;

        Assert.Equal(200, page.Status);
        Assert.Equal(200, (await AccessTokenAsync(requestToken, verifier)).Status);
    }

    [Fact]
    public async Task Dev_consent_deny_redirects_with_denied()
    {
        var requestToken = await RequestTokenAsync();

        var response = await Http.GetAsync(OAuth1Messages.AuthorizeUrl(Server.OAuth1AuthorizeUrl, requestToken.Token, [new("dev_consent", "deny")]));

        Assert.Equal(302, response.Status);
        Assert.Equal(requestToken.Token, response.LocationQuery.First("denied"));
        Assert.Null(response.LocationQuery.First("oauth_verifier"));
    }

    [Fact]
    public async Task Consent_page_approve_redirects_with_the_verifier()
    {
        var requestToken = await RequestTokenAsync();
        var page = await Http.GetAsync(OAuth1Messages.AuthorizeUrl(Server.OAuth1AuthorizeUrl, requestToken.Token, [new("dev_consent", "page")]));

        var approve = await Http.SendAsync(OAuthHttpRequest.PostForm(Server.BaseUrl + ConsentPage.Action(page.Body),
            [new("consent_id", ConsentPage.ConsentId(page.Body)), new("decision", "approve")]));

        Assert.Equal(302, approve.Status);
        Assert.Equal(requestToken.Token, approve.LocationQuery.First("oauth_token"));
        Assert.NotNull(approve.LocationQuery.First("oauth_verifier"));
    }

    [Fact]
    public async Task Unknown_request_token_at_authorize_is_an_error_page()
    {
        var response = await Http.GetAsync(Server.OAuth1AuthorizeUrl + "?oauth_token=nope");

        Assert.Equal(400, response.Status);
        Assert.Equal("text/html", response.ContentType);
    }
}
