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

    private static readonly OAuth2ProviderDefinition OAuth2 = new("dev2", "client", "secret", "https://p.example/authorize", "https://p.example/token")
    {
        Issuer = "https://p.example",
    };

    private static readonly OAuth1ProviderDefinition OAuth1 = new("dev1", "consumer", "secret", "https://p.example/rt", "https://p.example/auth", "https://p.example/at");

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
        var accepted = Assert.IsType<CallbackAccepted>(decision.Event);
        Assert.Equal("c1", accepted.Grant.Value);
        Assert.Null(decision.Reply);
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
        Assert.Null(decision.Event);
        Assert.Equal(expected, Assert.IsType<Failed>(decision.Reply).Reason);
    }

    [Fact]
    public void A_denial_with_a_valid_state_and_binding_ends_the_attempt()
    {
        var decision = Redirected2().DecideCallback(Callback(Binding, ("error", "access_denied"), ("state", Id)), OAuth2, T0.AddMinutes(1));
        var failed = Assert.IsType<Failed>(decision.Reply);
        Assert.Equal((FailureReason.Denied, "access_denied"), (failed.Reason, failed.ProviderError));
        var ended = Redirected2().Apply(Assert.IsType<AttemptFailed>(decision.Event));
        Assert.Equal(AttemptPhase.Failed, ended.Phase);
    }

    [Fact]
    public void A_denial_without_a_valid_binding_changes_nothing()
    {
        var decision = Redirected2().DecideCallback(Callback("forged", ("error", "access_denied"), ("state", Id)), OAuth2, T0.AddMinutes(1));
        Assert.Equal(FailureReason.BindingMismatch, Assert.IsType<Failed>(decision.Reply).Reason);
        Assert.Null(decision.Event);
    }

    [Fact]
    public void A_completed_login_hands_its_outcome_to_retries_only_within_the_grace_period()
    {
        var identity = new LoginIdentity("dev", "https://issuer.example", "user-1");
        var done = Redirected2().Apply(new CallbackAccepted(new Secret("c1"), T0)).Apply(new TokenExchanged(new OAuth2Token("at", "Bearer"), T0))
            .Apply(new IdentityEstablished(identity, T0.AddSeconds(1)));
        var retry = Callback(Binding, ("code", "c1"), ("state", Id));

        Assert.IsType<Completed>(done.DecideReplay(retry, OAuth2, T0.AddSeconds(6), TimeSpan.FromSeconds(5)));
        var late = Assert.IsType<Failed>(done.DecideReplay(retry, OAuth2, T0.AddSeconds(7), TimeSpan.FromSeconds(5)));
        Assert.Equal(FailureReason.AlreadyCompleted, late.Reason);
        Assert.Equal(FailureReason.BindingMismatch, Assert.IsType<Failed>(done.DecideReplay(Callback("x", ("code", "c1"), ("state", Id)), OAuth2, T0, TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public void A_callback_after_the_deadline_expires_the_attempt()
    {
        var decision = Redirected2().DecideCallback(Callback(Binding, ("code", "c1"), ("state", Id)), OAuth2, T0.AddMinutes(10));
        Assert.IsType<AttemptExpired>(decision.Event);
        Assert.Equal(FailureReason.Expired, Assert.IsType<Failed>(decision.Reply).Reason);
        Assert.Equal(AttemptPhase.Expired, Redirected2().Apply(decision.Event!).Phase);
    }

    [Theory]
    [InlineData("other-token", "v1", FailureReason.TokenMismatch)]
    [InlineData("rt", "", FailureReason.MissingVerifier)]
    public void An_OAuth1_callback_needs_the_request_token_and_a_verifier(string token, string verifier, FailureReason expected)
    {
        var complete = new Complete("dev1", Id, [new("oauth_token", token), new("oauth_verifier", verifier), new("attempt", Id)], Binding);
        var decision = Redirected1().DecideCallback(complete, OAuth1, T0.AddMinutes(1));
        Assert.Null(decision.Event);
        Assert.Equal(expected, Assert.IsType<Failed>(decision.Reply).Reason);
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
        Assert.Equal(FailureReason.BindingMismatch, done.CheckCaller(Callback("nope", ("code", "c1"), ("state", Id)), OAuth2)?.Reason);
        Assert.Null(done.CheckCaller(Callback(Binding, ("code", "c1"), ("state", Id)), OAuth2));
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
}
