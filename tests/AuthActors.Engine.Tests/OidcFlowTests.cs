using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using E = AuthActors.DevProvider.DevProviderCounters.Endpoints;

namespace AuthActors.Engine.Tests;

/// <summary>
/// OpenID Connect end to end through IAuthFlows: a provider configured by its metadata URL alone, the id_token
/// validated against the DevProvider's JWKS, and every misbehaviour of the DevProvider refused with its typed
/// reason. No validated subject, no sign-in.
/// </summary>
public sealed class OidcFlowTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync(
        "authactors.oidc.jwks-min-refresh-interval = 0s",
        extraProviders: p =>
        [
            new OAuth2ProviderDefinition("unreachable", "c", "s", string.Empty, string.Empty) { ServerMetadataUrl = "http://127.0.0.1:9/.well-known/openid-configuration", Scope = "openid" },
            EngineHarness.OAuth2Definition(p) with { Name = "no-userinfo", UserInfoUrl = "does-not-exist" },
        ]);

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<CompleteResult> LoginAsync(string provider = "oidc")
    {
        var begun = await _engine.Flows.BeginAsync(provider, Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        return await _engine.Flows.CompleteAsync(provider, null, callback, begun.BindingSecret);
    }

    [Fact]
    public async Task A_provider_configured_by_its_metadata_url_alone_signs_in_with_a_validated_id_token()
    {
        var completed = await LoginAsync();

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        var identity = completed.Identity!;
        Assert.Equal(("oidc", _engine.Provider.Issuer, "dev-user-1", true), (identity.Provider, identity.Issuer, identity.Subject, identity.FromIdToken));
        Assert.Contains(identity.IdTokenClaims, c => c.Key == "nonce");
        Assert.Contains(identity.IdTokenClaims, c => c.Key == "at_hash");
        Assert.Equal("dev@example.test", identity.Claim("email"));
        Assert.NotNull(Assert.IsType<OAuth2Token>(completed.Token).IdToken);
    }

    [Fact]
    public async Task Metadata_and_keys_are_fetched_once_for_many_logins()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await LoginAsync()).IsSuccess);
        }

        Assert.Equal(1, _engine.Provider.Counters.Get(E.OidcDiscovery));
        Assert.Equal(1, _engine.Provider.Counters.Get(E.OAuth2Jwks));
    }

    [Fact]
    public async Task Concurrent_first_logins_share_one_metadata_fetch()
    {
        var begun = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _engine.Flows.BeginAsync("oidc", Callback)));

        Assert.All(begun, b => Assert.True(b.IsSuccess, b.Failure?.ToString()));
        Assert.Equal(1, _engine.Provider.Counters.Get(E.OidcDiscovery));
    }

    [Theory]
    [InlineData(DevIdTokenFault.BadSignature, FailureReason.IdTokenInvalid, "InvalidSignature")]
    [InlineData(DevIdTokenFault.AlgNone, FailureReason.IdTokenInvalid, "AlgorithmNotAllowed")]
    [InlineData(DevIdTokenFault.HmacWithPublicKey, FailureReason.IdTokenInvalid, "AlgorithmNotAllowed")]
    [InlineData(DevIdTokenFault.UnknownKid, FailureReason.IdTokenInvalid, "UnknownKey")]
    [InlineData(DevIdTokenFault.WrongIssuer, FailureReason.IdTokenInvalid, "IssuerMismatch")]
    [InlineData(DevIdTokenFault.WrongAudience, FailureReason.IdTokenInvalid, "AudienceMismatch")]
    [InlineData(DevIdTokenFault.MultipleAudiencesWithoutAzp, FailureReason.IdTokenInvalid, "MissingAuthorizedParty")]
    [InlineData(DevIdTokenFault.MultipleAudiencesWithWrongAzp, FailureReason.IdTokenInvalid, "AuthorizedPartyMismatch")]
    [InlineData(DevIdTokenFault.Expired, FailureReason.IdTokenInvalid, "Expired")]
    [InlineData(DevIdTokenFault.NotYetValid, FailureReason.IdTokenInvalid, "NotYetValid")]
    [InlineData(DevIdTokenFault.NonceWrong, FailureReason.IdTokenInvalid, "NonceMismatch")]
    [InlineData(DevIdTokenFault.NonceMissing, FailureReason.IdTokenInvalid, "NonceMissing")]
    [InlineData(DevIdTokenFault.AtHashWrong, FailureReason.IdTokenInvalid, "AccessTokenHashMismatch")]
    [InlineData(DevIdTokenFault.UserInfoSubjectMismatch, FailureReason.SubjectMismatch, null)]
    [InlineData(DevIdTokenFault.UserInfoNoSubject, FailureReason.SubjectMismatch, null)]
    public async Task A_misbehaving_provider_gets_a_typed_failure_and_no_sign_in(DevIdTokenFault fault, FailureReason reason, string? rule)
    {
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { IdTokenFault = fault });
        var begun = await _engine.Flows.BeginAsync("oidc", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var tokenCalls = _engine.Provider.Counters.Get(E.OAuth2Token);

        var result = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Token);
        Assert.Null(result.Identity);
        Assert.Equal(reason, result.Failure!.Reason);
        if (rule is not null)
        {
            Assert.StartsWith(rule + ":", result.Failure.Description, StringComparison.Ordinal);
        }

        // The failure is the attempt's outcome: a retried callback gets it again, with no second token request.
        var again = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);
        Assert.Equal(reason, again.Failure?.Reason);
        Assert.Equal(tokenCalls + 1, _engine.Provider.Counters.Get(E.OAuth2Token));
        Assert.Equal(AttemptPhase.Failed, (await _engine.Flows.GetStatusAsync("oidc", begun.AttemptId)).Phase);
    }

    [Theory]
    [InlineData(DevIdTokenFault.IssParameterWrong)]
    [InlineData(DevIdTokenFault.IssParameterMissing)]
    public async Task A_callback_with_a_wrong_or_missing_iss_is_refused_because_the_metadata_advertises_it(DevIdTokenFault fault)
    {
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { IdTokenFault = fault });
        var begun = await _engine.Flows.BeginAsync("oidc", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var tokenCalls = _engine.Provider.Counters.Get(E.OAuth2Token);

        var result = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);

        Assert.Equal(FailureReason.IssuerMismatch, result.Failure?.Reason);
        Assert.Equal(tokenCalls, _engine.Provider.Counters.Get(E.OAuth2Token));
        Assert.Equal(AttemptPhase.Redirected, (await _engine.Flows.GetStatusAsync("oidc", begun.AttemptId)).Phase);
    }

    [Fact]
    public async Task Rotated_signing_keys_are_picked_up_with_one_JWKS_refetch()
    {
        Assert.True((await LoginAsync()).IsSuccess);
        var jwksFetches = _engine.Provider.Counters.Get(E.OAuth2Jwks);
        _engine.Provider.RotateSigningKeys(keepPrevious: false);

        var completed = await LoginAsync();

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        Assert.Equal(jwksFetches + 1, _engine.Provider.Counters.Get(E.OAuth2Jwks));
    }

    [Fact]
    public async Task A_provider_whose_metadata_cannot_be_fetched_fails_at_the_begin_and_stops_no_other_provider()
    {
        var begun = await _engine.Flows.BeginAsync("unreachable", Callback);
        Assert.Equal(FailureReason.DiscoveryFailed, begun.Failure?.Reason);
        Assert.Null(begun.AuthorizeUrl);

        // Inside the backoff the next begin is refused at once, without another fetch.
        Assert.Equal(FailureReason.DiscoveryFailed, (await _engine.Flows.BeginAsync("unreachable", Callback)).Failure?.Reason);
        Assert.True((await LoginAsync()).IsSuccess);
        Assert.True((await LoginAsync("dev2")).IsSuccess);
    }

    [Fact]
    public async Task A_plain_OAuth_login_whose_user_info_cannot_be_fetched_never_signs_in_with_a_made_up_id()
    {
        var completed = await LoginAsync("no-userinfo");

        Assert.Equal(FailureReason.IdentityUnavailable, completed.Failure?.Reason);
        Assert.Null(completed.Identity);
        Assert.Null(completed.Token);
    }

    [Fact]
    public async Task A_plain_OAuth_login_whose_user_info_has_no_subject_fails()
    {
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { IdTokenFault = DevIdTokenFault.UserInfoNoSubject });
        Assert.Equal(FailureReason.IdentityUnavailable, (await LoginAsync("dev2")).Failure?.Reason);
    }

    [Fact]
    public async Task An_exchange_cut_off_by_a_restart_while_discovery_is_down_settles_by_itself_once_discovery_is_back()
    {
        var begun = await _engine.Flows.BeginAsync("oidc", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var tokenCalls = _engine.Provider.Counters.Get(E.OAuth2Token);
        // The token endpoint redeems the code, then holds its answer: the node stops during the exchange.
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(5) });
        // Its caller's node stops with it, and nobody waits for this answer.
        _ = _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);
        await Poll.UntilAsync(() => _engine.Provider.Counters.Get(E.OAuth2Token) == tokenCalls + 1, "the token request never reached the provider", TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        await _engine.StopSystemAsync();

        // The restarted node knows nothing of the provider's metadata, and the provider's discovery is down.
        _engine.Provider.Knobs.ClearAll();
        _engine.Provider.Knobs.MetadataUnavailable = true;
        _engine.StartSystem("authactors.oidc.failure-backoff = 200ms\nauthactors.oidc.max-failure-backoff = 500ms");
        var retried = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);
        Assert.Equal(FailureReason.DiscoveryFailed, retried.Failure?.Reason);
        Assert.Equal(AttemptPhase.Exchanging, (await _engine.Flows.GetStatusAsync("oidc", begun.AttemptId)).Phase);

        // Discovery is back: the attempt retries it on its own, then the exchange once, and settles. No callback is
        // needed for that; the code was redeemed before the restart, so the outcome is lost, and says so.
        _engine.Provider.Knobs.MetadataUnavailable = false;
        await Poll.UntilAsync(async () => (await _engine.Flows.GetStatusAsync("oidc", begun.AttemptId)).Phase == AttemptPhase.Failed,
            "the attempt never settled after discovery came back", TimeSpan.FromSeconds(15));

        var status = await _engine.Flows.GetStatusAsync("oidc", begun.AttemptId);
        Assert.Equal(FailureReason.ExchangeOutcomeLost, status.Failure);
        Assert.Equal(tokenCalls + 2, _engine.Provider.Counters.Get(E.OAuth2Token));
        Assert.Equal(FailureReason.ExchangeOutcomeLost, (await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret)).Failure?.Reason);
        Assert.Equal(tokenCalls + 2, _engine.Provider.Counters.Get(E.OAuth2Token));
    }

    [Fact]
    public async Task The_identity_is_persisted_so_a_retried_callback_after_a_restart_gets_the_same_one()
    {
        var begun = await _engine.Flows.BeginAsync("oidc", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var first = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);
        Assert.True(first.IsSuccess, first.Failure?.ToString());

        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.oidc.jwks-min-refresh-interval = 0s");
        var again = await _engine.Flows.CompleteAsync("oidc", null, callback, begun.BindingSecret);

        Assert.True(again.IsSuccess, again.Failure?.ToString());
        Assert.Equal((first.Identity!.Issuer, first.Identity.Subject), (again.Identity!.Issuer, again.Identity.Subject));
        Assert.Equal(first.Identity.IdTokenClaims, again.Identity.IdTokenClaims);
        // Issuer, subject and claims are personal data: sealed in the journal, in the database and its WAL alike.
        foreach (var file in new[] { _engine.DatabasePath, _engine.DatabasePath + "-wal" }.Where(File.Exists))
        {
            var text = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain("dev-user-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("dev@example.test", text, StringComparison.Ordinal);
        }
    }
}
