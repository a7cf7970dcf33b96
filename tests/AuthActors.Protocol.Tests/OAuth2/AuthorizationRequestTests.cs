using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7636;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>The authorization request of RFC 6749 §4.1.1 with state, PKCE (RFC 7636) and the OIDC nonce.</summary>
public sealed class AuthorizationRequestTests
{
    [Fact]
    public void Url_of_the_rfc_6749_section_4_1_1_example_carries_the_documented_parameters()
    {
        var url = new AuthorizationRequest("https://server.example.com/authorize", "s6BhdRkqt3")
        {
            State = "xyz",
            RedirectUri = "https://client.example.com/cb",
        }.ToUrl();

        Assert.StartsWith("https://server.example.com/authorize?response_type=code&client_id=s6BhdRkqt3&", url, StringComparison.Ordinal);
        Assert.Equal(
            Params.Of(("response_type", "code"), ("client_id", "s6BhdRkqt3"), ("redirect_uri", "https://client.example.com/cb"), ("state", "xyz")),
            Params.QueryOf(url));
    }

    [Fact]
    public void Endpoint_query_is_kept_and_its_parameters_are_not_sent_twice()
    {
        var url = new AuthorizationRequest("https://idp.example.com/authorize?tenant=acme&prompt=login", "app")
        {
            ExtraParameters = Params.Of(("prompt", "consent"), ("access_type", "offline"), ("access_type", "online"), ("client_id", "evil")),
        }.ToUrl();

        Assert.StartsWith("https://idp.example.com/authorize?tenant=acme&prompt=login&response_type=code", url, StringComparison.Ordinal);
        var query = Params.QueryOf(url);
        Assert.Equal(["tenant", "prompt", "response_type", "client_id", "access_type"], query.Select(p => p.Key));
        Assert.Equal("login", query.First("prompt"));
        Assert.Equal("app", query.First("client_id")); // a standard parameter wins over an extra one
        Assert.Equal("offline", query.First("access_type")); // then the first extra one
    }

    [Fact]
    public void Redirect_uri_and_scope_are_percent_encoded_and_decode_back()
    {
        var url = new AuthorizationRequest("https://idp.example.com/authorize", "app")
        {
            RedirectUri = "https://app.example.com/cb?x=1&y=a b",
            Scope = "openid email https://www.googleapis.com/auth/drive",
        }.ToUrl();

        Assert.Contains("&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1%26y%3Da%20b&", url, StringComparison.Ordinal);
        Assert.Contains("&scope=openid%20email%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive", url, StringComparison.Ordinal);
        Assert.Equal("https://app.example.com/cb?x=1&y=a b", Params.QueryOf(url).First("redirect_uri"));
    }

    [Fact]
    public void Unset_parameters_are_omitted()
    {
        var url = new AuthorizationRequest("https://idp.example.com/authorize", "app").ToUrl();

        Assert.Equal("https://idp.example.com/authorize?response_type=code&client_id=app", url);
    }

    [Fact]
    public void Start_draws_state_then_verifier_from_the_random_source_and_sends_the_s256_challenge()
    {
        var random = new CounterRandomSource();

        var start = AuthorizationStart.Create(new AuthorizationRequest("https://idp.example.com/authorize", "app") { Scope = "email" }, random);

        // Independent oracle: unpadded base64url of the bytes 0..31 and 32..63 (Python's urlsafe_b64encode).
        Assert.Equal("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", start.State);
        Assert.Equal("ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8", start.CodeVerifier);
        var query = Params.QueryOf(start.Url);
        Assert.Equal(start.State, query.First("state"));
        Assert.Equal("zwkx4Wi0nph1A8rxivb-JTtrPYKoEAjD6OHuZ8fI3FU", query.First("code_challenge"));
        Assert.Equal("S256", query.First("code_challenge_method"));
        Assert.Null(query.First("code_verifier")); // the verifier never leaves the client here
        Assert.Null(start.Nonce);
        Assert.Null(query.First("nonce"));
    }

    [Fact]
    public void Plain_challenge_is_sent_only_when_asked_for_and_pkce_can_be_off()
    {
        var request = new AuthorizationRequest("https://idp.example.com/authorize", "app");

        var plain = AuthorizationStart.Create(request, new CounterRandomSource(), OAuth2Constants.CodeChallengeMethods.Plain);
        var off = AuthorizationStart.Create(request, new CounterRandomSource(), codeChallengeMethod: null);

        Assert.Equal(plain.CodeVerifier, Params.QueryOf(plain.Url).First("code_challenge"));
        Assert.Equal("plain", Params.QueryOf(plain.Url).First("code_challenge_method"));
        Assert.Null(off.CodeVerifier);
        Assert.Null(Params.QueryOf(off.Url).First("code_challenge"));
        Assert.Null(Params.QueryOf(off.Url).First("code_challenge_method"));
        Assert.Throws<ArgumentException>(() => AuthorizationStart.Create(request, new CounterRandomSource(), "S512"));
    }

    [Theory]
    [InlineData("openid", true)]
    [InlineData("email openid profile", true)]
    [InlineData("  openid  ", true)]
    [InlineData("email", false)]
    [InlineData("openidx", false)]
    [InlineData("OpenID", false)] // scope values are case-sensitive (RFC 6749 §3.3)
    [InlineData(null, false)]
    public void Nonce_is_generated_only_with_the_openid_scope(string? scope, bool expectNonce)
    {
        var start = AuthorizationStart.Create(new AuthorizationRequest("https://idp.example.com/authorize", "app") { Scope = scope }, new CounterRandomSource());

        Assert.Equal(expectNonce, start.Nonce is not null);
        Assert.Equal(start.Nonce, Params.QueryOf(start.Url).First("nonce"));
        if (expectNonce)
        {
            Assert.Equal("QEFCQ0RFRkdISUpLTE1OTw", start.Nonce); // bytes 64..79: 128 bits after state and verifier
        }
    }

    [Fact]
    public void State_chosen_by_the_caller_is_used_as_is()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", null, "https://idp.example.com/authorize", "https://idp.example.com/token");

        var start = OAuth2Flow.Begin(provider, "https://app.example.com/cb", new CounterRandomSource(), state: "attempt-42");

        Assert.Equal("attempt-42", start.State);
        Assert.Equal("attempt-42", Params.QueryOf(start.Url).First("state"));
    }

    [Fact]
    public void Flow_adds_provider_authorize_params_then_per_call_ones_and_response_mode()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", null, "https://idp.example.com/authorize", "https://idp.example.com/token")
        {
            Scope = "read",
            AuthorizeParams = Params.Of(("audience", "api")),
            ResponseMode = "form_post",
        };

        var start = OAuth2Flow.Begin(provider, "https://app.example.com/cb", new CounterRandomSource(), Params.Of(("login_hint", "jane@example.com"), ("audience", "other")));

        var query = Params.QueryOf(start.Url);
        Assert.Equal("api", query.First("audience"));
        Assert.Equal("jane@example.com", query.First("login_hint"));
        Assert.Equal("form_post", query.First("response_mode"));
        Assert.Equal("read", query.First("scope"));
    }

    [Fact]
    public void State_from_the_real_random_source_has_at_least_128_bits_is_url_safe_and_differs_each_time()
    {
        var request = new AuthorizationRequest("https://idp.example.com/authorize", "app") { Scope = "openid" };

        var a = AuthorizationStart.Create(request, CryptoRandomSource.Instance);
        var b = AuthorizationStart.Create(request, CryptoRandomSource.Instance);

        foreach (var value in new[] { a.State, a.CodeVerifier!, a.Nonce! })
        {
            Assert.True(value.Length >= 22, value); // 22 base64url characters carry 132 bits
            Assert.Matches("^[A-Za-z0-9_-]+$", value);
        }

        Assert.Equal(43, a.State.Length); // 32 bytes
        Assert.True(Pkce.IsValidVerifier(a.CodeVerifier));
        Assert.NotEqual(a.State, b.State);
        Assert.NotEqual(a.CodeVerifier, b.CodeVerifier);
        Assert.NotEqual(a.Nonce, b.Nonce);
    }

    [Fact]
    public void Url_safe_tokens_of_n_bytes_have_the_unpadded_base64url_length()
    {
        Assert.Equal(22, RandomTokens.UrlSafe(new CounterRandomSource(), 16).Length);
        Assert.Equal(43, RandomTokens.UrlSafe(new CounterRandomSource(), 32).Length);
        Assert.Equal(new string('_', 42) + "8", RandomTokens.UrlSafe(new FixedByteRandomSource(0xFF), 32)); // '-' and '_', never '+' '/' '='
        Assert.Equal("-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s", RandomTokens.UrlSafe(new FixedByteRandomSource(0xFB), 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomTokens.UrlSafe(new CounterRandomSource(), 0));
    }
}
