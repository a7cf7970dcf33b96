using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Serialization;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Tests;

/// <summary>The pure decide/apply functions, with no actor system.</summary>
public sealed class AttemptStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const string Id = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string Binding = "binding-hash";

    private static readonly OAuth2ProviderDefinition OAuth2Provider = new("dev2", "client", "secret", "https://p.example/authorize", "https://p.example/token")
    {
        Issuer = "https://p.example",
    };

    private static readonly OAuth1ProviderDefinition OAuth1Provider = new("dev1", "consumer", "secret", "https://p.example/rt", "https://p.example/auth", "https://p.example/at");

    private static readonly LoginFlow OAuth2 = LoginFlow.For(OAuth2Provider);

    private static readonly LoginFlow OAuth1 = LoginFlow.For(OAuth1Provider);

    private static AttemptState Redirected2() =>
        AttemptState.Empty.Apply(AttemptState.StartOAuth2(new Begin("dev2", Id, "https://app/cb", Binding, []), T0, TimeSpan.FromMinutes(10), "verifier", null));

    private static AttemptState Redirected1()
    {
        var state = AttemptState.Empty;
        foreach (var e in AttemptState.StartOAuth1(new Begin("dev1", Id, "https://app/cb?attempt=" + Id, Binding, []), T0, TimeSpan.FromMinutes(10), new OAuth1Token("rt", "rts")))
        {
            state = state.Apply(e);
        }

        return state;
    }

    private static Complete Callback(string binding, params (string, string)[] parameters) =>
        new("dev2", Id, parameters.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList(), binding);

    [Fact]
    public void An_OAuth2_begin_is_one_event_that_leaves_the_attempt_redirected_with_its_deadline()
    {
        var state = Redirected2();
        Assert.Equal(AttemptPhase.Redirected, state.Phase);
        Assert.Equal(T0.AddMinutes(10), state.Deadline);
        Assert.Equal("verifier", state.CodeVerifier?.Value);
    }

    [Fact]
    public void An_OAuth1_begin_records_the_request_token_and_is_redirected()
    {
        var state = Redirected1();
        Assert.Equal(AttemptPhase.Redirected, state.Phase);
        Assert.Equal("rt", state.RequestToken?.Token);
    }

    [Fact]
    public void A_valid_callback_is_accepted_with_its_code()
    {
        var decision = Redirected2().DecideCallback(Callback(Binding, ("code", "c1"), ("state", Id), ("iss", "https://p.example")), OAuth2, T0.AddMinutes(1));
        var accepted = Assert.IsType<CallbackDecision.Accept>(decision).Event;
        Assert.Equal("c1", accepted.Grant.Value);
        Assert.Equal(AttemptPhase.Exchanging, Redirected2().Apply(accepted).Phase);
    }

    [Theory]
    [InlineData("wrong-binding", "c1", Id, "https://p.example", FailureReason.BindingMismatch)]
    [InlineData(Binding, "c1", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "https://p.example", FailureReason.StateMismatch)]
    [InlineData(Binding, "c1", Id, "https://evil.example", FailureReason.IssuerMismatch)]
    [InlineData(Binding, "", Id, "https://p.example", FailureReason.MissingCode)]
    public void A_bad_callback_is_refused_and_changes_nothing(string binding, string code, string state, string iss, FailureReason expected)
    {
        var decision = Redirected2().DecideCallback(Callback(binding, ("code", code), ("state", state), ("iss", iss)), OAuth2, T0.AddMinutes(1));
        Assert.Equal(expected, Assert.IsType<CallbackDecision.Refuse>(decision).Failure.Reason);
    }

    [Fact]
    public void A_denial_with_a_valid_state_and_binding_ends_the_attempt()
    {
        var decision = Redirected2().DecideCallback(Callback(Binding, ("error", "access_denied"), ("state", Id)), OAuth2, T0.AddMinutes(1));
        var ended = Redirected2().Apply(Assert.IsType<AttemptFailed>(Assert.IsType<CallbackDecision.End>(decision).Event));
        var failed = Assert.IsType<Failed>(ended.Outcome);
        Assert.Equal((FailureReason.Denied, "access_denied"), (failed.Reason, failed.ProviderError));
        Assert.Equal(AttemptPhase.Failed, ended.Phase);
    }

    [Fact]
    public void A_denial_without_a_valid_binding_changes_nothing()
    {
        var decision = Redirected2().DecideCallback(Callback("forged", ("error", "access_denied"), ("state", Id)), OAuth2, T0.AddMinutes(1));
        Assert.Equal(FailureReason.BindingMismatch, Assert.IsType<CallbackDecision.Refuse>(decision).Failure.Reason);
    }

    [Fact]
    public void A_completed_login_hands_its_outcome_to_retries_only_within_the_grace_period()
    {
        var identity = new LoginIdentity("dev", "https://issuer.example", "user-1");
        var done = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0)).Apply(new TokenExchanged(new OAuth2Token("at", "Bearer"), T0))
            .Apply(new IdentityEstablished(identity, T0.AddSeconds(1)));
        var retry = Callback(Binding, ("code", "c1"), ("state", Id));

        Assert.IsType<Completed>(done.DecideReplay(retry, T0.AddSeconds(6), TimeSpan.FromSeconds(5)));
        var late = Assert.IsType<Failed>(done.DecideReplay(retry, T0.AddSeconds(7), TimeSpan.FromSeconds(5)));
        Assert.Equal(FailureReason.AlreadyCompleted, late.Reason);
        Assert.Equal(FailureReason.BindingMismatch, Assert.IsType<Failed>(done.DecideReplay(Callback("x", ("code", "c1"), ("state", Id)), T0, TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public void A_callback_after_the_deadline_expires_the_attempt()
    {
        var decision = Redirected2().DecideCallback(Callback(Binding, ("code", "c1"), ("state", Id)), OAuth2, T0.AddMinutes(10));
        var expired = Redirected2().Apply(Assert.IsType<AttemptExpired>(Assert.IsType<CallbackDecision.End>(decision).Event));
        Assert.Equal(FailureReason.Expired, Assert.IsType<Failed>(expired.Outcome).Reason);
        Assert.Equal(AttemptPhase.Expired, expired.Phase);
    }

    [Theory]
    [InlineData("other-token", "v1", FailureReason.TokenMismatch)]
    [InlineData("rt", "", FailureReason.MissingVerifier)]
    public void An_OAuth1_callback_needs_the_request_token_and_a_verifier(string token, string verifier, FailureReason expected)
    {
        var complete = new Complete("dev1", Id, [new("oauth_token", token), new("oauth_verifier", verifier), new("attempt", Id)], Binding);
        var decision = Redirected1().DecideCallback(complete, OAuth1, T0.AddMinutes(1));
        Assert.Equal(expected, Assert.IsType<CallbackDecision.Refuse>(decision).Failure.Reason);
    }

    [Fact]
    public void A_terminal_attempt_gives_its_outcome_only_to_the_bound_browser()
    {
        var token = new OAuth2Token("at", "Bearer");
        var exchanged = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0)).Apply(new TokenExchanged(token, T0));
        Assert.Equal(AttemptPhase.Identifying, exchanged.Phase);
        Assert.False(exchanged.IsTerminal);
        var identity = new LoginIdentity("dev", "https://issuer.example", "user-1");
        var done = exchanged.Apply(new IdentityEstablished(identity, T0));
        var completed = Assert.IsType<Completed>(done.Outcome);
        Assert.Equal((token, identity), (completed.Token, completed.Identity));
        Assert.Null(done.Grant);
        Assert.Equal(FailureReason.BindingMismatch, done.CheckCaller(Callback("nope", ("code", "c1"), ("state", Id)))?.Reason);
        Assert.Null(done.CheckCaller(Callback(Binding, ("code", "c1"), ("state", Id))));
    }

    [Fact]
    public void An_attempt_that_cannot_identify_the_user_fails_and_forgets_its_token()
    {
        var failed = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0)).Apply(new TokenExchanged(new OAuth2Token("at", "Bearer"), T0))
            .Apply(new AttemptFailed(FailureReason.IdentityUnavailable, null, "no subject", T0));
        Assert.True(failed.IsTerminal);
        Assert.Null(failed.Token);
        Assert.Equal(FailureReason.IdentityUnavailable, Assert.IsType<Failed>(failed.Outcome).Reason);
    }

    [Fact]
    public void A_failed_exchange_is_terminal_with_its_reason()
    {
        var failed = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0))
            .Apply(new AttemptFailed(FailureReason.ProviderError, "invalid_grant", "bad code", T0));
        Assert.True(failed.IsTerminal);
        var outcome = Assert.IsType<Failed>(failed.Outcome);
        Assert.Equal(("invalid_grant", FailureReason.ProviderError), (outcome.ProviderError, outcome.Reason));
    }

    [Fact]
    public void Only_a_pending_attempt_past_its_deadline_expires()
    {
        Assert.Null(Redirected2().DecideExpiry(T0.AddMinutes(9)));
        Assert.IsType<AttemptExpired>(Redirected2().DecideExpiry(T0.AddMinutes(10)));
        var exchanging = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0));
        Assert.Null(exchanging.DecideExpiry(T0.AddHours(1)));
    }

    [Theory]
    [InlineData(false, FailureReason.ProviderError)]
    [InlineData(true, FailureReason.ExchangeOutcomeLost)]
    public void Invalid_grant_on_a_recovery_retry_means_the_first_exchange_was_lost(bool isRecoveryRetry, FailureReason expected)
    {
        var exchanging = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0));

        var outcome = exchanging.DecideExchangeOutcome(null, new OAuthError(ErrorKind.Protocol, "invalid_grant", "used"), isRecoveryRetry, T0);

        var failed = Assert.IsType<AttemptFailed>(outcome);
        Assert.Equal((expected, "invalid_grant"), (failed.Reason, failed.ProviderError));
        Assert.IsType<TokenExchanged>(exchanging.DecideExchangeOutcome(new OAuth2Token("at", "Bearer"), null, isRecoveryRetry, T0));
    }

    [Theory]
    [InlineData("token_used", true, FailureReason.ExchangeOutcomeLost)]
    [InlineData("token_rejected", true, FailureReason.ExchangeOutcomeLost)]
    [InlineData("token_rejected", false, FailureReason.ProviderError)]
    [InlineData("invalid_grant", true, FailureReason.ProviderError)]
    [InlineData("signature_invalid", true, FailureReason.ProviderError)]
    public void A_spent_request_token_on_an_OAuth1_recovery_retry_means_the_first_exchange_was_lost(string problem, bool isRecoveryRetry, FailureReason expected)
    {
        var exchanging = Redirected1().Apply(new CallbackAccepted(new Secret("verifier"), T0));

        var outcome = exchanging.DecideExchangeOutcome(null, new OAuthError(ErrorKind.Protocol, problem, null, HttpStatus: 401), isRecoveryRetry, T0);

        var failed = Assert.IsType<AttemptFailed>(outcome);
        Assert.Equal((expected, problem), (failed.Reason, failed.ProviderError));
    }

    [Fact]
    public void A_transport_failure_has_no_provider_error_and_no_identity_is_a_failure_not_a_sign_in()
    {
        var exchanging = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0));
        var transport = Assert.IsType<AttemptFailed>(exchanging.DecideExchangeOutcome(null, new OAuthError(ErrorKind.Transport, "transport_failure", "reset"), false, T0));
        Assert.Equal((FailureReason.TransportFailure, null), (transport.Reason, transport.ProviderError));

        var identifying = exchanging.Apply(new TokenExchanged(new OAuth2Token("at", "Bearer"), T0));
        Assert.Equal(FailureReason.IdentityUnavailable, Assert.IsType<AttemptFailed>(identifying.DecideIdentity(null, null, "no user info", T0)).Reason);
        Assert.Equal(FailureReason.SubjectMismatch, Assert.IsType<AttemptFailed>(identifying.DecideIdentity(null, FailureReason.SubjectMismatch, "x", T0)).Reason);
        Assert.IsType<IdentityEstablished>(identifying.DecideIdentity(new LoginIdentity("dev2", "https://p.example", "u1"), null, null, T0));
    }

    [Fact]
    public void The_begin_decision_is_one_row_for_OAuth2_and_two_for_OAuth1()
    {
        var begin = new Begin("dev2", Id, "https://app/cb", Binding, []);
        var oauth2 = AttemptState.DecideBegin(begin, OAuth2.Redirect("https://app/cb", Protocol.Infrastructure.CryptoRandomSource.Instance, null, Id, null), T0, TimeSpan.FromMinutes(10));
        var oauth1 = AttemptState.DecideBegin(begin with { Provider = "dev1" }, OAuth1.Redirect("https://app/cb", Protocol.Infrastructure.CryptoRandomSource.Instance, null, null, new OAuth1Token("rt", "rts")),
            T0, TimeSpan.FromMinutes(10));

        Assert.NotNull(Assert.IsType<AttemptStarted>(Assert.Single(oauth2)).CodeVerifier);
        Assert.Equal(2, oauth1.Length);
        Assert.Equal("rt", Assert.IsType<RequestTokenObtained>(oauth1[1]).RequestToken);
        Assert.Null(OAuth2.PreRedirectCall("https://app/cb", Protocol.Infrastructure.CryptoRandomSource.Instance, T0));
        Assert.Equal(Protocol.Pipeline.ProviderCallKind.RequestToken, OAuth1.PreRedirectCall("https://app/cb", Protocol.Infrastructure.CryptoRandomSource.Instance, T0)!.Kind);
    }
}
