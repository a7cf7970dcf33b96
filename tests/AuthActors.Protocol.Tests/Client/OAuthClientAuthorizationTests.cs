using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.OAuth2.Rfc7636;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;
using static AuthActors.Protocol.Tests.Client.ClientFactory;

namespace AuthActors.Protocol.Tests.Client;

/// <summary>The seed's OAuthClient: redirect generation and the token exchange, for OAuth 1 and OAuth 2.</summary>
public sealed class OAuthClientAuthorizationTests
{
    private static readonly OAuthHttpResponse RequestTokenIssued =
        OAuthHttpResponse.Form(200, "oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true");

    [Fact]
    public void Oauth1_is_detected_by_the_request_token_url()
    {
        Assert.True(new OAuthClient(OAuth1Options()).IsOAuth1);
        Assert.IsType<OAuth1ProviderDefinition>(OAuth1Options().ToDefinition());
        Assert.False(new OAuthClient(OAuth2Options()).IsOAuth1);
        Assert.False(new OAuthClient(OAuth1Options() with { RequestTokenUrl = "" }).IsOAuth1);
    }

    [Fact]
    public async Task Oauth1_redirect_obtains_and_saves_the_request_token_and_returns_no_state()
    {
        var (client, transport) = Create(OAuth1Options(), RequestTokenIssued);
        OAuth1Token? saved = null;

        var (url, state) = await client.GenerateAuthorizeRedirectAsync("https://app.example/callback", t =>
        {
            saved = t;
            return Task.CompletedTask;
        });

        Assert.Equal("https://api.x.example/oauth/authenticate?oauth_token=req-token", url);
        Assert.Null(state);
        Assert.Equal(("req-token", "req-secret"), (saved!.Token, saved.TokenSecret));
        var sent = transport.Single;
        var header = AuthorizationHeader.TryParse(sent.Header("Authorization"))!;
        Assert.Equal(("POST", "https://api.x.example/oauth/request_token"), (sent.Method, sent.Url));
        Assert.Equal("https://app.example/callback", header.First("oauth_callback"));
        Assert.Equal(FixedTimeProvider.Default.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), header.First("oauth_timestamp"));
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWX", header.First("oauth_nonce")); // bytes 0..23 from the injected source, alphanumeric
        Assert.True(VerifiesOAuth1(sent, "consumer-secret", null));
    }

    [Fact]
    public async Task Oauth1_redirect_without_callback_sends_oob()
    {
        var (client, transport) = Create(OAuth1Options(), RequestTokenIssued);

        await client.GenerateAuthorizeRedirectAsync();

        Assert.Equal("oob", AuthorizationHeader.TryParse(transport.Single.Header("Authorization"))!.First("oauth_callback"));
    }

    [Fact]
    public async Task Oauth1_redirect_fails_with_a_typed_error_when_the_callback_is_not_confirmed()
    {
        var (client, _) = Create(OAuth1Options(), OAuthHttpResponse.Form(200, "oauth_token=t&oauth_token_secret=s"));
        var saved = false;

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.GenerateAuthorizeRedirectAsync("https://app.example/cb", _ =>
        {
            saved = true;
            return Task.CompletedTask;
        }));

        Assert.Equal(OAuthErrorCodes.CallbackNotConfirmed, error.Error.Code);
        Assert.False(saved);
    }

    [Fact]
    public async Task Oauth2_redirect_returns_url_and_state_with_verifier_and_nonce_and_sends_nothing()
    {
        var (client, transport) = Create(OAuth2Options());

        var redirect = await client.GenerateAuthorizeRedirectAsync("https://app.example/callback");
        var (url, state) = redirect;

        Assert.Empty(transport.Requests);
        Assert.StartsWith("https://idp.example/oauth/authorize?response_type=code&client_id=app-id&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=openid%20email&state=", url, StringComparison.Ordinal);
        Assert.Equal("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", state);
        Assert.True(Pkce.IsValidVerifier(redirect.CodeVerifier));
        Assert.Equal(Pkce.S256Challenge(redirect.CodeVerifier!), Params.QueryOf(url).First("code_challenge"));
        Assert.Equal(redirect.Nonce, Params.QueryOf(url).First("nonce"));
        Assert.NotNull(redirect.Nonce);
    }

    [Fact]
    public async Task Oauth2_code_is_exchanged_with_the_verifier_and_client_credentials_on_the_wire()
    {
        var (client, transport) = Create(OAuth2Options(),
            OAuthHttpResponse.Json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"rt\"}"));

        var token = await client.FetchAccessTokenAsync("https://app.example/callback", FormEncoding.Parse("code=the-code&state=s1"), expectedState: "s1", codeVerifier: "v".PadRight(43, 'v'));

        var sent = transport.Single;
        Assert.Equal(("POST", "https://idp.example/oauth/token"), (sent.Method, sent.Url));
        Assert.Equal(
            Params.Of(("grant_type", "authorization_code"), ("code", "the-code"), ("redirect_uri", "https://app.example/callback"), ("code_verifier", "v".PadRight(43, 'v'))),
            sent.Form);
        Assert.Equal("Basic YXBwLWlkOmFwcC1zZWNyZXQ=", sent.Header("Authorization"));
        var oauth2 = Assert.IsType<OAuth2Token>(token);
        Assert.Equal(("at", "rt"), (oauth2.AccessToken, oauth2.RefreshToken));
        Assert.Equal(FixedTimeProvider.Default.AddMinutes(10), oauth2.ExpiresAt);
    }

    [Theory]
    [InlineData("code=c&state=forged", OAuthErrorCodes.StateMismatch)]
    [InlineData("code=c", OAuthErrorCodes.MissingState)]
    [InlineData("state=s1", OAuthErrorCodes.MissingCode)]
    [InlineData("error=access_denied&state=s1", "access_denied")]
    public async Task Oauth2_refused_callback_throws_and_sends_no_request(string query, string code)
    {
        var (client, transport) = Create(OAuth2Options());

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync("https://app.example/cb", FormEncoding.Parse(query), expectedState: "s1"));

        Assert.Equal(code, error.Error.Code);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task Oauth2_token_endpoint_error_throws_the_protocol_error()
    {
        var (client, _) = Create(OAuth2Options(), OAuthHttpResponse.Json(400, "{\"error\":\"invalid_grant\"}"));

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(null, FormEncoding.Parse("code=c&state=s"), expectedState: "s"));

        Assert.Equal((ErrorKind.Protocol, "invalid_grant"), (error.Error.Kind, error.Error.Code));
    }

    [Fact]
    public async Task Oauth1_callback_is_exchanged_for_token_credentials_signed_with_the_request_secret()
    {
        var (client, transport) = Create(OAuth1Options(),
            OAuthHttpResponse.Form(200, "oauth_token=access-token&oauth_token_secret=access-secret&screen_name=jane"));

        var token = await client.FetchAccessTokenAsync(null, FormEncoding.Parse("oauth_token=req-token&oauth_verifier=verif"),
            getRequestToken: () => Task.FromResult<OAuth1Token?>(new OAuth1Token("req-token", "req-secret")));

        var header = AuthorizationHeader.TryParse(transport.Single.Header("Authorization"))!;
        Assert.Equal(("req-token", "verif"), (header.First("oauth_token"), header.First("oauth_verifier")));
        Assert.True(VerifiesOAuth1(transport.Single, "consumer-secret", "req-secret"));
        var oauth1 = Assert.IsType<OAuth1Token>(token);
        Assert.Equal(("access-token", "access-secret", "jane"), (oauth1.Token, oauth1.TokenSecret, oauth1.Extra["screen_name"]));
    }

    [Theory]
    [InlineData("oauth_token=someone-elses&oauth_verifier=v", true, OAuthErrorCodes.TokenMismatch)]
    [InlineData("oauth_token=req-token&oauth_verifier=v", false, OAuthErrorCodes.TokenMismatch)] // nothing was saved
    [InlineData("oauth_token=req-token", true, OAuthErrorCodes.MissingVerifier)]
    [InlineData("denied=req-token", true, "access_denied")]
    public async Task Oauth1_refused_callback_throws_and_sends_no_request(string query, bool saved, string code)
    {
        var (client, transport) = Create(OAuth1Options());

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(null, FormEncoding.Parse(query),
            getRequestToken: () => Task.FromResult(saved ? new OAuth1Token("req-token", "req-secret") : null)));

        Assert.Equal(code, error.Error.Code);
        Assert.Empty(transport.Requests);
    }
}
