using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;
using static AuthActors.Protocol.Tests.Client.ClientFactory;

namespace AuthActors.Protocol.Tests.Client;

/// <summary>OAuthClient API calls: URL resolution, signing, Bearer, token sources, hooks, refresh.</summary>
public sealed class OAuthClientRequestTests
{
    private static readonly OAuthHttpResponse Ok = OAuthHttpResponse.Json(200, "{}");
    private static readonly OAuth1Token UserToken1 = new("user-token", "user-secret");
    private static readonly OAuth2Token UserToken2 = new("user-access-token", "Bearer");

    [Theory] // RFC 3986 §5.4.1 "Normal Examples", base http://a/b/c/d;p?q
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g/")] // RFC: "http://g"; System.Uri normalizes the empty path to "/"
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q#s")]
    [InlineData("g;x?y#s", "http://a/b/c/g;x?y#s")]
    [InlineData("", "http://a/b/c/d;p?q")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    [InlineData("../../../g", "http://a/g")] // §5.4.2 abnormal: cannot go above the root
    [InlineData("/./g", "http://a/g")]
    [InlineData("https://other.example/abs?x=1", "https://other.example/abs?x=1")] // absolute URLs are kept
    public void Relative_urls_resolve_against_the_api_base_url_per_rfc_3986(string reference, string expected)
    {
        var (client, _) = Create(OAuth2Options() with { ApiBaseUrl = "http://a/b/c/d;p?q" });

        Assert.Equal(expected, client.ResolveUrl(reference));
    }

    [Fact]
    public async Task Request_goes_to_the_resolved_url()
    {
        var (client, transport) = Create(OAuth2Options(), Ok, Ok);

        await client.GetAsync("users/me?fields=id", UserToken2);
        await client.GetAsync("../v2/items", UserToken2);

        Assert.Equal(["https://api.idp.example/v1/users/me?fields=id", "https://api.idp.example/v2/items"], transport.Requests.Select(r => r.Url));
    }

    [Fact]
    public void Relative_url_without_api_base_url_is_a_clear_error()
    {
        var (client, _) = Create(OAuth2Options() with { ApiBaseUrl = null });

        Assert.Throws<InvalidOperationException>(() => client.ResolveUrl("user"));
        Assert.Equal("https://api.example/x", client.ResolveUrl("https://api.example/x"));
    }

    [Fact]
    public async Task Oauth1_get_is_signed_with_the_token_credentials_and_verifies()
    {
        var (client, transport) = Create(OAuth1Options(), Ok);

        await client.GetAsync("statuses/home_timeline.json?count=2&since_id=a b", UserToken1);

        var sent = transport.Single;
        Assert.Equal("https://api.x.example/1.1/statuses/home_timeline.json?count=2&since_id=a%20b", sent.Url);
        Assert.Equal("user-token", AuthorizationHeader.TryParse(sent.Header("Authorization"))!.First("oauth_token"));
        Assert.True(VerifiesOAuth1(sent, "consumer-secret", "user-secret"));
        Assert.False(VerifiesOAuth1(sent with { Url = sent.Url.Replace("count=2", "count=3", StringComparison.Ordinal) }, "consumer-secret", "user-secret"));
    }

    [Fact]
    public async Task Oauth1_post_signs_the_form_and_a_json_body_gets_a_signed_body_hash()
    {
        var (client, transport) = Create(OAuth1Options(), Ok, Ok);

        await client.PostAsync("statuses/update.json", form: Params.Of(("status", "Hello Ladies + Gentlemen")), token: UserToken1);
        await client.PostAsync("tweets", jsonBody: "{\"text\":\"hi\"}", token: UserToken1);

        Assert.True(VerifiesOAuth1(transport.Requests[0], "consumer-secret", "user-secret"));
        Assert.Equal("Hello Ladies + Gentlemen", transport.Requests[0].Form!.First("status"));
        Assert.False(VerifiesOAuth1(transport.Requests[0] with { Form = Params.Of(("status", "tampered")) }, "consumer-secret", "user-secret"));
        var json = transport.Requests[1];
        Assert.Equal(("{\"text\":\"hi\"}", "application/json"), (json.Body, json.ContentType));
        Assert.Equal(Signatures.BodyHash(Protocol.OAuth1.OAuth1SignatureMethod.HmacSha1, "{\"text\":\"hi\"}"),
            AuthorizationHeader.TryParse(json.Header("Authorization"))!.First("oauth_body_hash"));
        Assert.True(VerifiesOAuth1(json, "consumer-secret", "user-secret"));
    }

    [Fact]
    public async Task Oauth2_request_sends_the_bearer_token()
    {
        var (client, transport) = Create(OAuth2Options(), Ok);

        await client.DeleteAsync("items/7", UserToken2);

        Assert.Equal(("DELETE", "Bearer user-access-token"), (transport.Single.Method, transport.Single.Header("Authorization")));
    }

    [Fact]
    public async Task Token_of_the_wrong_kind_or_type_is_refused_before_sending()
    {
        var (client, transport) = Create(OAuth2Options());

        var wrongKind = await Assert.ThrowsAsync<OAuthException>(() => client.GetAsync("x", UserToken1));
        var wrongType = await Assert.ThrowsAsync<OAuthException>(() => client.GetAsync("x", new OAuth2Token("t", "mac")));

        Assert.Equal(OAuthErrorCodes.UnsupportedTokenType, wrongKind.Error.Code);
        Assert.Equal(OAuthErrorCodes.UnsupportedTokenType, wrongType.Error.Code);
        Assert.Empty(transport.Requests);
    }

    private sealed class SessionClient(CapturingTransport transport, OAuthToken? stored)
        : OAuthClient(OAuth2Options(), transport, new FixedTimeProvider(), new CounterRandomSource())
    {
        public int Calls { get; private set; }

        public override Task<OAuthToken?> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(stored);
        }
    }

    [Fact]
    public async Task Overridden_get_token_supplies_the_token_when_none_is_passed()
    {
        var transport = new CapturingTransport(Ok, Ok);
        var client = new SessionClient(transport, new OAuth2Token("from-session", "Bearer"));

        await client.GetAsync("user");
        await client.GetAsync("user", new OAuth2Token("explicit", "Bearer"));

        Assert.Equal(["Bearer from-session", "Bearer explicit"], transport.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task No_token_at_all_throws_missing_access_token_and_sends_nothing()
    {
        var transport = new CapturingTransport();

        var error = await Assert.ThrowsAsync<OAuthException>(() => new SessionClient(transport, null).GetAsync("user"));

        Assert.Equal(OAuthErrorCodes.MissingAccessToken, error.Error.Code);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task Protected_request_hooks_run_on_oauth2_calls_after_the_bearer_is_set()
    {
        var (client, transport) = Create(OAuth2Options(), Ok);
        client.Session.RegisterComplianceHook("protected_request", r => r.WithHeader("X-Saw-Bearer", r.Header("Authorization") ?? "none"));

        await client.GetAsync("user", UserToken2);

        Assert.Equal("Bearer user-access-token", transport.Single.Header("X-Saw-Bearer"));
    }

    [Fact]
    public async Task Protected_request_hooks_run_on_oauth1_calls_before_signing_so_their_changes_are_signed()
    {
        var (client, transport) = Create(OAuth1Options(), Ok);
        client.Session.RegisterComplianceHook("protected_request", r => r.WithQuery(new KeyValuePair<string, string>("tweet_mode", "extended")));

        await client.GetAsync("statuses/show.json?id=1", UserToken1);

        Assert.EndsWith("?id=1&tweet_mode=extended", transport.Single.Url, StringComparison.Ordinal);
        Assert.True(VerifiesOAuth1(transport.Single, "consumer-secret", "user-secret"));
    }

    [Fact]
    public async Task Configured_compliance_fix_is_in_the_session()
    {
        var (client, transport) = Create(OAuth2Options() with { ComplianceFix = Protocol.Compliance.ComplianceFixes.Get("instagram") }, Ok);

        await client.GetAsync("me", UserToken2);

        Assert.Null(transport.Single.Header("Authorization"));
        Assert.Equal("user-access-token", Params.QueryOf(transport.Single.Url).First("access_token"));
    }

    [Fact]
    public async Task Transport_failure_comes_back_as_a_status_0_response()
    {
        var (client, _) = Create(OAuth2Options(), OAuthHttpResponse.Failed("connection refused"));

        var response = await client.GetAsync("user", UserToken2);

        Assert.True(response.IsTransportFailure);
        Assert.Equal("connection refused", response.TransportError);
    }

    [Theory]
    [InlineData("{\"access_token\":\"new-at\",\"token_type\":\"Bearer\",\"expires_in\":60}", "old-rt")]
    [InlineData("{\"access_token\":\"new-at\",\"token_type\":\"Bearer\",\"expires_in\":60,\"refresh_token\":\"new-rt\"}", "new-rt")]
    public async Task Refresh_keeps_the_old_refresh_token_when_none_is_returned(string body, string expectedRefreshToken)
    {
        var (client, transport) = Create(OAuth2Options(), OAuthHttpResponse.Json(200, body));

        var token = await client.RefreshTokenAsync("old-rt", "email");

        Assert.Equal(Params.Of(("grant_type", "refresh_token"), ("refresh_token", "old-rt"), ("scope", "email")), transport.Single.Form);
        Assert.Equal(("new-at", expectedRefreshToken), (token.AccessToken, token.RefreshToken));
        Assert.Equal(FixedTimeProvider.Default.AddMinutes(1), token.ExpiresAt);
    }

    [Fact]
    public async Task Client_credentials_revocation_and_introspection_go_through_the_transport()
    {
        var options = OAuth2Options() with { RevocationUrl = "https://idp.example/oauth/revoke", IntrospectionUrl = "https://idp.example/oauth/introspect" };
        var (client, transport) = Create(options,
            OAuthHttpResponse.Json(200, "{\"access_token\":\"svc\",\"token_type\":\"Bearer\"}"), Ok, OAuthHttpResponse.Json(200, "{\"active\":true,\"sub\":\"u\"}"));

        var service = await client.FetchClientCredentialsTokenAsync("jobs");
        var revoked = await client.RevokeTokenAsync("svc", "access_token");
        var introspected = await client.IntrospectTokenAsync("svc");

        Assert.Equal("svc", service.AccessToken);
        Assert.Equal("client_credentials", transport.Requests[0].Form!.First("grant_type"));
        Assert.False(revoked.IsError);
        Assert.Equal("https://idp.example/oauth/revoke", transport.Requests[1].Url);
        Assert.True(introspected.IsActive);
        Assert.All(transport.Requests, r => Assert.Equal("Basic YXBwLWlkOmFwcC1zZWNyZXQ=", r.Header("Authorization")));
    }

    [Fact]
    public async Task Oauth2_only_operations_refuse_an_oauth1_client()
    {
        var (client, _) = Create(OAuth1Options());

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.RefreshTokenAsync("rt"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.FetchClientCredentialsTokenAsync());
    }
}
