using AuthActors.Engine.Serialization;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Tests.Vault;

/// <summary>The grant's decisions, as pure functions of its state.</summary>
public sealed class GrantStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    private static GrantState Active(OAuthToken token) =>
        GrantState.Empty.Apply(new GrantStored("dev", new Secret("alice"), "https://issuer", token, Now, "attempt-1"));

    private static OAuth2Token Token(string access, TimeSpan? expiresIn, string? refresh = "r1") =>
        new(access, "Bearer") { ExpiresAt = expiresIn is { } e ? Now + e : null, RefreshToken = refresh, Scope = "profile" };

    [Fact]
    public void A_checkpoint_restates_a_refreshed_grant_as_one_event_and_none_is_made_mid_refresh()
    {
        var refreshed = Active(Token("a1", TimeSpan.FromHours(1)))
            .Apply(new GrantRefreshStarted(Now.AddHours(1)))
            .Apply(new GrantRefreshed(Token("a2", TimeSpan.FromHours(2), "r2"), Now.AddHours(1)))
            .Apply(new GrantRefreshStarted(Now.AddHours(2)))
            .Apply(new GrantRefreshed(Token("a3", TimeSpan.FromHours(3), "r3"), Now.AddHours(2)));

        var restated = GrantState.Empty.Apply(Assert.IsType<GrantStored>(refreshed.DecideCheckpoint()));

        Assert.Equal(refreshed, restated);
        Assert.Equal((2, Now.AddHours(2), Now), (restated.RefreshCount, restated.RefreshedAt, restated.StoredAt));
        Assert.Null(refreshed.Apply(new GrantRefreshStarted(Now.AddHours(3))).DecideCheckpoint());
        Assert.Null(GrantState.Empty.DecideCheckpoint());
    }

    [Fact]
    public void A_fresh_token_is_handed_out()
    {
        var decision = Active(Token("a1", TimeSpan.FromHours(1))).DecideGetToken(Now, Leeway, null);

        Assert.Equal("a1", ((OAuth2Token)Assert.IsType<TokenDecision.Hand>(decision).Token).AccessToken);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(0)]
    [InlineData(-30)]
    public void A_token_within_the_leeway_or_expired_is_refreshed(int secondsLeft)
    {
        var decision = Active(Token("a1", TimeSpan.FromSeconds(secondsLeft))).DecideGetToken(Now, Leeway, null);

        Assert.IsType<TokenDecision.Refresh>(decision);
    }

    [Fact]
    public void A_token_without_expiry_is_refreshed_only_when_an_API_rejected_it()
    {
        var state = Active(Token("a1", null));

        Assert.IsType<TokenDecision.Hand>(state.DecideGetToken(Now, Leeway, null));
        Assert.IsType<TokenDecision.Refresh>(state.DecideGetToken(Now, Leeway, TokenGrant.Fingerprint(Token("a1", null))));
        Assert.IsType<TokenDecision.Hand>(state.DecideGetToken(Now, Leeway, TokenGrant.Fingerprint(Token("an-older-one", null))));
    }

    [Fact]
    public void Without_a_refresh_token_a_nearly_expired_token_is_still_handed_out_and_an_expired_one_requires_a_login()
    {
        Assert.IsType<TokenDecision.Hand>(Active(Token("a1", TimeSpan.FromSeconds(30), refresh: null)).DecideGetToken(Now, Leeway, null));
        var expired = Assert.IsType<TokenDecision.Refuse>(Active(Token("a1", TimeSpan.FromSeconds(-1), refresh: null)).DecideGetToken(Now, Leeway, null));
        Assert.Equal(GrantFailureReason.ReauthenticationRequired, expired.Reason);
    }

    [Fact]
    public void No_grant_and_ended_grants_are_refused_with_their_reason()
    {
        Assert.Equal(GrantFailureReason.NoGrant, Assert.IsType<TokenDecision.Refuse>(GrantState.Empty.DecideGetToken(Now, Leeway, null)).Reason);
        var rejected = Active(Token("a1", TimeSpan.Zero)).Apply(new GrantRejected(GrantFailureReason.RefreshOutcomeLost, "invalid_grant", Now));
        Assert.Equal(GrantFailureReason.RefreshOutcomeLost, Assert.IsType<TokenDecision.Refuse>(rejected.DecideGetToken(Now, Leeway, null)).Reason);
        Assert.Equal(GrantStatus.None, rejected.Apply(new GrantDeleted(Now)).Status);
    }

    [Fact]
    public void OAuth1_tokens_are_handed_out_and_cannot_be_refreshed()
    {
        var state = Active(new OAuth1Token("t", "s"));

        Assert.IsType<TokenDecision.Hand>(state.DecideGetToken(Now, Leeway, null));
        Assert.Equal(GrantFailureReason.RefreshNotSupported,
            Assert.IsType<TokenDecision.Refuse>(state.DecideGetToken(Now, Leeway, TokenGrant.Fingerprint(new OAuth1Token("t", "s")))).Reason);
    }

    [Fact]
    public void An_unresolved_refresh_is_settled_before_anything_is_handed_out()
    {
        var state = Active(Token("a1", TimeSpan.FromHours(1))).Apply(new GrantRefreshStarted(Now));

        Assert.True(state.HasUnresolvedRefresh);
        Assert.IsType<TokenDecision.Refresh>(state.DecideGetToken(Now, Leeway, null));
    }

    [Fact]
    public void A_refreshed_token_keeps_the_refresh_token_scope_and_id_token_the_provider_did_not_resend()
    {
        var state = Active(Token("a1", TimeSpan.Zero) with { IdToken = "id1" }).Apply(new GrantRefreshStarted(Now));

        var decision = state.DecideRefreshOutcome(new OAuth2Token("a2", "Bearer") { ExpiresAt = Now.AddHours(1) }, null, Now);

        var written = Assert.IsType<GrantRefreshed>(Assert.IsType<RefreshDecision.Write>(decision).Event);
        var token = (OAuth2Token)written.Token;
        Assert.Equal(("a2", "r1", "profile", "id1"), (token.AccessToken, token.RefreshToken, token.Scope, token.IdToken));
        var after = state.Apply(written);
        Assert.Equal((1, 0, false), (after.RefreshCount, after.UnresolvedRefreshes, after.HasUnresolvedRefresh));
    }

    [Fact]
    public void Invalid_grant_after_a_clean_history_requires_reauthentication_and_after_a_lost_refresh_is_RefreshOutcomeLost()
    {
        var invalidGrant = new OAuthError(ErrorKind.Protocol, "invalid_grant", "spent");
        var clean = Active(Token("a1", TimeSpan.Zero)).Apply(new GrantRefreshStarted(Now));
        var afterLoss = clean.Apply(new GrantRefreshStarted(Now));

        var reauth = Assert.IsType<RefreshDecision.Write>(clean.DecideRefreshOutcome(null, invalidGrant, Now));
        var lost = Assert.IsType<RefreshDecision.Write>(afterLoss.DecideRefreshOutcome(null, invalidGrant, Now));

        Assert.Equal(GrantFailureReason.ReauthenticationRequired, reauth.Refusal!.Reason);
        Assert.Equal(GrantFailureReason.RefreshOutcomeLost, lost.Refusal!.Reason);
        Assert.Equal(GrantStatus.RefreshOutcomeLost, afterLoss.Apply(lost.Event).Status);
    }

    [Theory]
    [InlineData(ErrorKind.Transport, "transport_failure")]
    [InlineData(ErrorKind.Http, "http_error")]
    [InlineData(ErrorKind.InvalidResponse, "invalid_response")]
    [InlineData(ErrorKind.Protocol, "temporarily_unavailable")]
    public void Other_failures_change_nothing_and_leave_the_refresh_unresolved(ErrorKind kind, string code)
    {
        var state = Active(Token("a1", TimeSpan.Zero)).Apply(new GrantRefreshStarted(Now));

        var keep = Assert.IsType<RefreshDecision.Keep>(state.DecideRefreshOutcome(null, new OAuthError(kind, code, "x"), Now));

        Assert.Equal(GrantFailureReason.ProviderUnavailable, keep.Refusal.Reason);
        Assert.True(state.HasUnresolvedRefresh);
    }

    [Fact]
    public void Storing_the_same_attempt_again_writes_nothing_and_a_new_login_replaces_the_grant()
    {
        var state = Active(Token("a1", TimeSpan.Zero)).Apply(new GrantRejected(GrantFailureReason.ReauthenticationRequired, "invalid_grant", Now));

        Assert.Null(state.DecideStore(new TokenGrant.Store("g", "dev", "alice", "https://issuer", Token("a1", null), "attempt-1"), Now));
        var stored = state.DecideStore(new TokenGrant.Store("g", "dev", "alice", "https://issuer", Token("a2", null), "attempt-2"), Now);
        Assert.Equal(GrantStatus.Active, state.Apply(stored!).Status);
    }

    [Fact]
    public void Grant_ids_hide_the_subject_and_name_the_provider()
    {
        var id = TokenGrant.IdOf("github", "alice@example.com");

        Assert.StartsWith("github.", id);
        Assert.DoesNotContain("alice", id);
        Assert.Equal("github", TokenGrant.ProviderOf(id));
        Assert.NotEqual(id, TokenGrant.IdOf("github", "bob@example.com"));
        Assert.NotEqual(id, TokenGrant.IdOf("gitlab", "alice@example.com"));
        Assert.Null(TokenGrant.ProviderOf("not-a-grant-id"));
    }
}
