using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>The three OAuth 1.0a steps of RFC 5849 §2: builders, the credentials parser and the callback check.</summary>
public sealed class OAuth1MessagesTests
{
    private static readonly OAuth1Credentials Client = new("ck", "cs");

    [Fact]
    public void Request_token_request_is_a_signed_post_with_oauth_callback_and_no_oauth_token()
    {
        var request = OAuth1Messages.RequestToken("https://sp.example.com/initiate", Client with { Token = "stale", TokenSecret = "stale" },
            "https://app.example.com/cb?x=1", "n", 10, Params.Of(("scope", "read")));

        var header = AuthorizationHeader.TryParse(request.Header("Authorization"))!;
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://app.example.com/cb?x=1", header.First("oauth_callback"));
        Assert.Null(header.First("oauth_token"));
        Assert.Equal(Params.Of(("scope", "read")), request.Form); // provider parameters travel in the body, and are signed
        var baseString = SignatureBaseString.Build("POST", request.Url, SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        Assert.Contains("scope%3Dread", baseString, StringComparison.Ordinal);
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", null));
    }

    [Fact]
    public void Request_token_request_without_callback_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => OAuth1Messages.RequestToken("https://sp.example.com/initiate", Client, "", "n", 1));
    }

    [Fact]
    public void Access_token_request_carries_the_verifier_and_signs_with_the_temporary_secret()
    {
        var request = OAuth1Messages.AccessToken("https://sp.example.com/token", Client, new OAuth1Token("rt", "rts"), "v123", "n", 10);

        var header = AuthorizationHeader.TryParse(request.Header("Authorization"))!;
        Assert.Equal("rt", header.First("oauth_token"));
        Assert.Equal("v123", header.First("oauth_verifier"));
        var baseString = SignatureBaseString.Build("POST", request.Url, SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", "rts"));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", null));
    }

    [Fact]
    public void Access_token_hook_sees_the_unsigned_request_and_its_change_is_signed()
    {
        OAuthHttpRequest? seen = null;
        var provider = new OAuth1ProviderDefinition("sp", Client.ClientId, Client.ClientSecret, "https://sp.example.com/initiate", "https://sp.example.com/authorize", "https://sp.example.com/token");
        var hooks = new ComplianceHooks().RegisterComplianceHook(ComplianceHookNames.AccessTokenRequest,
            (RequestHook)(r => (seen = r).WithFormFields(Params.Of(("x_auth_mode", "client_auth")))));
        var request = OAuth1Flow.AccessTokenCall(provider, new OAuth1Token("rt", "rts"), "v", "n", 10).Prepare(hooks);

        Assert.Null(seen!.Header("Authorization"));
        var header = AuthorizationHeader.TryParse(request.Header("Authorization"))!;
        var baseString = SignatureBaseString.Build("POST", request.Url, SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        Assert.Contains("x_auth_mode%3Dclient_auth", baseString, StringComparison.Ordinal);
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", "rts"));
    }

    [Fact]
    public void Authorize_url_keeps_the_endpoint_query_and_adds_extra_parameters()
    {
        Assert.Equal("https://sp.example.com/authorize?lang=en&oauth_token=a%2Bb&force_login=true",
            OAuth1Messages.AuthorizeUrl("https://sp.example.com/authorize?lang=en", "a+b", Params.Of(("force_login", "true"))));
    }

    [Fact]
    public void Temporary_credentials_require_oauth_callback_confirmed_true()
    {
        var missing = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200, "oauth_token=t&oauth_token_secret=s"), requireCallbackConfirmed: true);
        var falseValue = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200, "oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=false"), requireCallbackConfirmed: true);
        var confirmed = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200, "oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true"), requireCallbackConfirmed: true);

        Assert.Equal((ErrorKind.InvalidResponse, OAuthErrorCodes.CallbackNotConfirmed), (missing.Kind, missing.Error!.Code));
        Assert.Equal(OAuthErrorCodes.CallbackNotConfirmed, falseValue.Error!.Code);
        Assert.Null(missing.Token);
        Assert.Equal("t", confirmed.Token!.Token);
    }

    [Fact]
    public void Token_credentials_do_not_need_callback_confirmation_and_keep_extra_fields()
    {
        var parsed = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200,
            "oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY&oauth_token_secret=2EEfA6BG5ly3sR3XjE0IBSnlQu4ZrUzPiYTmrkVU&user_id=6253282&screen_name=twitterapi"), requireCallbackConfirmed: false);

        Assert.False(parsed.IsError);
        Assert.Equal("2EEfA6BG5ly3sR3XjE0IBSnlQu4ZrUzPiYTmrkVU", parsed.Token!.TokenSecret);
        Assert.Equal("twitterapi", parsed.Token.Extra["screen_name"]);
        Assert.False(parsed.Token.Extra.ContainsKey("oauth_token_secret"));
    }

    [Theory]
    [InlineData("oauth_token_secret=s")]
    [InlineData("oauth_token=&oauth_token_secret=s")]
    [InlineData("oauth_token=t")]
    [InlineData("")]
    [InlineData("{\"oauth_token\":\"t\",\"oauth_token_secret\":\"s\"}")]
    public void Credentials_without_token_and_secret_are_an_invalid_response(string body)
    {
        var parsed = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200, body), requireCallbackConfirmed: false);

        Assert.Equal(ErrorKind.InvalidResponse, parsed.Kind);
        Assert.Null(parsed.Token);
    }

    [Fact]
    public void Status_401_with_oauth_problem_is_a_protocol_error()
    {
        var parsed = OAuth1Messages.ParseTokenResponse(
            OAuthHttpResponse.Form(401, "oauth_problem=timestamp_refused&oauth_problem_advice=Clock%20skew&oauth_acceptable_timestamps=1-2"), requireCallbackConfirmed: true);

        Assert.Equal(ErrorKind.Protocol, parsed.Kind);
        Assert.Equal("timestamp_refused", parsed.Error!.Code);
        Assert.Equal("Clock skew", parsed.Error.Description);
        Assert.Equal(401, parsed.Error.HttpStatus);
    }

    [Fact]
    public void Html_error_page_is_an_http_error()
    {
        var parsed = OAuth1Messages.ParseTokenResponse(
            new OAuthHttpResponse(401, "text/html", "<html><body>oauth_problem=nope</body></html>", []), requireCallbackConfirmed: false);

        Assert.Equal(ErrorKind.Http, parsed.Kind);
        Assert.Equal(OAuthErrorCodes.HttpError, parsed.Error!.Code);
        Assert.Equal(401, parsed.HttpStatus);
    }

    [Fact]
    public void Transport_failure_is_a_transport_error()
    {
        var parsed = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Failed("connection refused"), requireCallbackConfirmed: false);

        Assert.Equal(ErrorKind.Transport, parsed.Kind);
        Assert.Equal("connection refused", parsed.Error!.Description);
    }

    [Theory]
    [InlineData("denied=rt")] // X/Twitter
    [InlineData("oauth_token=rt&denied=rt")]
    [InlineData("error=access_denied&error_description=User%20said%20no")]
    public void Denied_callback_is_a_denial(string query)
    {
        var (verifier, error) = OAuth1Messages.ValidateCallback(FormEncoding.Parse(query), "rt");

        Assert.Null(verifier);
        Assert.Equal(ErrorKind.Denied, error!.Kind);
    }

    [Theory]
    [InlineData("oauth_verifier=v", "rt", OAuthErrorCodes.MissingToken)]
    [InlineData("oauth_token=&oauth_verifier=v", "rt", OAuthErrorCodes.MissingToken)]
    [InlineData("oauth_token=other&oauth_verifier=v", "rt", OAuthErrorCodes.TokenMismatch)]
    [InlineData("oauth_token=RT&oauth_verifier=v", "rt", OAuthErrorCodes.TokenMismatch)] // tokens are case-sensitive
    [InlineData("oauth_token=rt&oauth_verifier=v", null, OAuthErrorCodes.TokenMismatch)] // nothing saved: never accepted
    [InlineData("oauth_token=rt", "rt", OAuthErrorCodes.MissingVerifier)]
    [InlineData("oauth_token=rt&oauth_verifier=", "rt", OAuthErrorCodes.MissingVerifier)]
    public void Unacceptable_callback_is_an_invalid_callback_with_its_code(string query, string? savedToken, string code)
    {
        var (verifier, error) = OAuth1Messages.ValidateCallback(FormEncoding.Parse(query), savedToken);

        Assert.Null(verifier);
        Assert.Equal((ErrorKind.InvalidCallback, code), (error!.Kind, error.Code));
    }
}
