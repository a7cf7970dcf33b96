using Akka.Actor;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Tests;

/// <summary>Invariants 1, 3, 4 and 6: whole logins through IAuthFlows against the DevProvider, on a real SQLite journal.</summary>
public sealed class FlowTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task An_OAuth2_login_completes_through_IAuthFlows()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
        Assert.Equal(begun.AttemptId, begun.State);
        Assert.Contains("code_challenge_method=S256", begun.AuthorizeUrl, StringComparison.Ordinal);

        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var completed = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        Assert.True(Assert.IsType<OAuth2Token>(completed.Token).IsBearer);
        Assert.Contains("\"login\":\"devuser\"", completed.UserInfo, StringComparison.Ordinal);
        Assert.Equal(AttemptPhase.Exchanged, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);
    }

    [Fact]
    public async Task An_OAuth1_login_completes_with_the_attempt_id_carried_in_the_callback_url()
    {
        var begun = await _engine.Flows.BeginAsync("dev1", Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
        Assert.Null(begun.State);

        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        Assert.Equal(begun.AttemptId, _engine.Flows.AttemptIdOf("dev1", callback));
        var completed = await _engine.Flows.CompleteAsync("dev1", null, callback, begun.BindingSecret);

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        Assert.IsType<OAuth1Token>(completed.Token);
        Assert.Contains("\"login\":\"devuser\"", completed.UserInfo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_whose_token_response_names_the_user_writes_the_token_and_the_identity_in_one_write()
    {
        // An OAuth 1 provider configured without user info: the access token response's user_id is the subject.
        await _engine.DisposeAsync();
        _engine = await EngineHarness.StartAsync(extraProviders: p => [EngineHarness.OAuth1Definition(p) with
        {
            Name = "dev1-token", UserInfoUrl = null, ClaimMap = new Dictionary<string, string> { ["sub"] = "user_id" },
        }]);

        var tokenOnly = await LoginAsync("dev1-token");
        var withUserInfo = await LoginAsync("dev1");

        Assert.Equal("dev1-token", tokenOnly.Identity!.Provider);
        Assert.False(string.IsNullOrEmpty(tokenOnly.Identity.Subject));
        // One write is one transaction of the SQLite journal, whose rows then share their time.
        Assert.Equal(1, WritesOfTokenAndIdentity("dev1-token", tokenOnly.AttemptId));
        Assert.Equal(2, WritesOfTokenAndIdentity("dev1", withUserInfo.AttemptId));
        Assert.Equal(AttemptPhase.Exchanged, (await _engine.Flows.GetStatusAsync("dev1-token", tokenOnly.AttemptId)).Phase);
    }

    private async Task<Flows.CompleteResult> LoginAsync(string provider)
    {
        var begun = await _engine.Flows.BeginAsync(provider, Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
        var completed = await _engine.Flows.CompleteAsync(provider, null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        return completed;
    }

    private long WritesOfTokenAndIdentity(string provider, string attemptId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_engine.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT created) FROM journal WHERE persistence_id = $pid AND manifest IN ('token-exchanged.v1', 'identity-established.v1')";
        command.Parameters.AddWithValue("$pid", AuthorizationAttempt.PersistenceId(provider, attemptId));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(2, reader.GetInt64(0));
        return reader.GetInt64(1);
    }

    [Fact]
    public async Task Fifty_concurrent_callbacks_cause_exactly_one_token_request_and_share_its_outcome()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(300) });
        var before = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)));

        Assert.Equal(before + 1, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.ToString()));
        Assert.Single(results.Select(r => ((OAuth2Token)r.Token!).AccessToken).Distinct());
    }

    [Fact]
    public async Task A_callback_after_a_terminal_state_gets_that_outcome_again_without_a_second_exchange()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var first = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        var requests = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        var again = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(((OAuth2Token)first.Token!).AccessToken, ((OAuth2Token)again.Token!).AccessToken);
        Assert.Equal(requests, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    [Fact]
    public async Task A_failed_exchange_is_terminal_and_repeats_its_failure_without_a_second_request()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { Quirk = DevQuirk.GarbageBody });
        var first = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        _engine.Provider.Knobs.ClearAll();
        var requests = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        var again = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(FailureReason.InvalidResponse, first.Failure?.Reason);
        Assert.Equal(FailureReason.InvalidResponse, again.Failure?.Reason);
        Assert.Equal(requests, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    public static TheoryData<string, FailureReason> BadCallbacks() => new()
    {
        { "wrong-state", FailureReason.StateMismatch },
        { "wrong-binding", FailureReason.BindingMismatch },
        { "no-binding", FailureReason.BindingMismatch },
        { "no-code", FailureReason.MissingCode },
        { "unknown-provider", FailureReason.UnknownProvider },
        { "foreign-issuer", FailureReason.IssuerMismatch },
    };

    [Theory]
    [MemberData(nameof(BadCallbacks))]
    public async Task A_bad_OAuth2_callback_gets_its_typed_failure_and_the_login_still_completes(string kind, FailureReason expected)
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var requests = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);
        var bad = kind switch
        {
            "wrong-state" => await _engine.Flows.CompleteAsync("dev2", begun.AttemptId, Replace(callback, "state", "x"), begun.BindingSecret),
            "wrong-binding" => await _engine.Flows.CompleteAsync("dev2", null, callback, "not-the-secret"),
            "no-binding" => await _engine.Flows.CompleteAsync("dev2", null, callback, null),
            "no-code" => await _engine.Flows.CompleteAsync("dev2", null, callback.Where(p => p.Key != "code").ToList(), begun.BindingSecret),
            "unknown-provider" => await _engine.Flows.CompleteAsync("nope", null, callback, begun.BindingSecret),
            _ => await _engine.Flows.CompleteAsync("dev2", null, Replace(callback, "iss", "https://evil.example"), begun.BindingSecret),
        };

        Assert.Equal(expected, bad.Failure?.Reason);
        Assert.Equal(requests, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        var good = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        Assert.True(good.IsSuccess, good.Failure?.ToString());
    }

    [Fact]
    public async Task A_denial_by_the_bound_browser_ends_the_login_and_a_forged_one_changes_nothing()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        List<KeyValuePair<string, string>> denial = [new("error", "access_denied"), new("state", begun.AttemptId), new("iss", _engine.Provider.Issuer)];

        Assert.Equal(FailureReason.BindingMismatch, (await _engine.Flows.CompleteAsync("dev2", null, denial, "forged")).Failure?.Reason);
        Assert.Equal(AttemptPhase.Redirected, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);

        Assert.Equal(FailureReason.Denied, (await _engine.Flows.CompleteAsync("dev2", null, denial, begun.BindingSecret)).Failure?.Reason);
        Assert.Equal(AttemptPhase.Failed, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);
        var stats = await _engine.Flows.GetStatisticsAsync();
        Assert.Equal(0, stats.Providers["dev2"].Pending);
        // The code that came afterwards cannot revive it.
        Assert.Equal(FailureReason.Denied, (await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).Failure?.Reason);
    }

    [Fact]
    public async Task A_callback_replayed_after_the_grace_period_gets_AlreadyCompleted_and_no_identity()
    {
        await using var engine = await EngineHarness.StartAsync("authactors.attempt.completion-grace = 1s");
        var begun = await engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        Assert.True((await engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).IsSuccess);
        var retry = await engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        Assert.True(retry.IsSuccess, "a browser retry within the grace period gets the outcome");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var replay = await engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(FailureReason.AlreadyCompleted, replay.Failure?.Reason);
        Assert.Null(replay.Token);
        Assert.Null(replay.Identity);
    }

    [Theory]
    [InlineData("wrong-token", FailureReason.TokenMismatch)]
    [InlineData("no-verifier", FailureReason.MissingVerifier)]
    public async Task A_bad_OAuth1_callback_gets_its_typed_failure_and_the_login_still_completes(string kind, FailureReason expected)
    {
        var begun = await _engine.Flows.BeginAsync("dev1", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var bad = kind switch
        {
            "wrong-token" => Replace(callback, "oauth_token", "forged"),
            "no-verifier" => callback.Where(p => p.Key != "oauth_verifier").ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        Assert.Equal(expected, (await _engine.Flows.CompleteAsync("dev1", null, bad, begun.BindingSecret)).Failure?.Reason);
        Assert.True((await _engine.Flows.CompleteAsync("dev1", null, callback, begun.BindingSecret)).IsSuccess);
    }

    [Fact]
    public async Task An_OAuth1_denial_naming_the_request_token_ends_the_login()
    {
        var begun = await _engine.Flows.BeginAsync("dev1", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        List<KeyValuePair<string, string>> denial = [new("denied", callback.First(p => p.Key == "oauth_token").Value), new("attempt", begun.AttemptId)];

        Assert.Equal(FailureReason.Denied, (await _engine.Flows.CompleteAsync("dev1", null, denial, begun.BindingSecret)).Failure?.Reason);
        Assert.Equal(AttemptPhase.Failed, (await _engine.Flows.GetStatusAsync("dev1", begun.AttemptId)).Phase);
    }

    [Fact]
    public async Task Commands_that_wait_for_a_failing_request_token_get_its_failure_not_a_timeout_and_its_status_at_once()
    {
        // The request token endpoint answers 503 after 1.5 s. A second begin of the same attempt (a retried
        // delivery) and a callback naming it arrive, through the same router and so behind the first begin, while
        // that begin waits for the answer.
        _engine.Provider.Knobs.Set("dev-consumer", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(1500), ErrorRate = 1 });
        var router = await _engine.System!.ActorSelection("/user/provider-dev1").ResolveOne(TimeSpan.FromSeconds(5));
        var attemptId = RandomTokens.TimeOrdered(CryptoRandomSource.Instance, DateTimeOffset.UtcNow, 26);
        var begin = new AuthorizationAttempt.Begin("dev1", attemptId, Callback + "?attempt=" + attemptId, AuthFlows.HashBinding("secret"), []) { IsNew = true };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var first = router.Ask<object>(begin, TimeSpan.FromSeconds(10));
        var again = router.Ask<object>(begin, TimeSpan.FromSeconds(10));
        var callback = router.Ask<object>(new AuthorizationAttempt.Complete("dev1", attemptId,
            [new("oauth_token", "t"), new("oauth_verifier", "v"), new("attempt", attemptId)], AuthFlows.HashBinding("secret")), TimeSpan.FromSeconds(10));
        // A status request is answered at once: begun, though nothing of the attempt is written yet.
        var status = await router.Ask<AuthorizationAttempt.Status>(new AuthorizationAttempt.GetStatus("dev1", attemptId), TimeSpan.FromSeconds(10));
        Assert.Equal(AttemptPhase.Started, status.Phase);
        var replies = await Task.WhenAll(first, again, callback);

        // All three get the provider's failure as soon as it is known, long before their 10 s deadline.
        Assert.All(replies, r => Assert.Equal(FailureReason.HttpError, Assert.IsType<AuthorizationAttempt.Failed>(r).Reason));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"answered after {clock.Elapsed.TotalSeconds:0.0} s");
        _engine.Provider.Knobs.ClearAll();
        var begun = await _engine.Flows.BeginAsync("dev1", Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
    }

    [Fact]
    public async Task A_begin_for_an_attempt_that_has_begun_is_refused_at_once_and_changes_nothing()
    {
        var router = await _engine.System!.ActorSelection("/user/provider-dev2").ResolveOne(TimeSpan.FromSeconds(5));
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var again = new AuthorizationAttempt.Begin("dev2", begun.AttemptId, Callback, AuthFlows.HashBinding("other"), []);

        var whileRedirected = await router.Ask<object>(again, TimeSpan.FromSeconds(5));

        Assert.Equal(FailureReason.InvalidRequest, Assert.IsType<AuthorizationAttempt.Failed>(whileRedirected).Reason);
        var completed = await _engine.Flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        var afterwards = await router.Ask<object>(again, TimeSpan.FromSeconds(5));
        Assert.Equal(FailureReason.InvalidRequest, Assert.IsType<AuthorizationAttempt.Failed>(afterwards).Reason);
        Assert.Equal(AttemptPhase.Exchanged, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);
    }

    [Fact]
    public async Task A_callback_for_an_attempt_that_never_began_is_unknown_and_writes_nothing()
    {
        var result = await _engine.Flows.CompleteAsync("dev2", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            [new("code", "c"), new("state", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")], "secret");
        Assert.Equal(FailureReason.UnknownAttempt, result.Failure?.Reason);
        Assert.Equal(FailureReason.StateMismatch, (await _engine.Flows.CompleteAsync("dev2", null, [new("code", "c"), new("state", "short")], "secret")).Failure?.Reason);
    }

    [Fact]
    public async Task An_expired_attempt_fails_as_expired_and_never_exchanges()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.attempt.expiry = 1s");
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var requests = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var result = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(FailureReason.Expired, result.Failure?.Reason);
        Assert.Equal(AttemptPhase.Expired, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);
        Assert.Equal(requests, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    [Fact]
    public async Task An_attempt_nobody_calls_back_expires_on_its_own_timer()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.attempt.expiry = 1s");
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        Assert.Equal(AttemptPhase.Redirected, (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);

        // No callback and no other message: only the attempt's expiry timer can write the end.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        AttemptPhase phase;
        while ((phase = (await _engine.Flows.GetStatusAsync("dev2", begun.AttemptId)).Phase) != AttemptPhase.Expired)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still {phase} 10 s after a begin that expires in 1 s.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_gives_a_transport_failure_within_the_call_timeout()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.attempt.call-timeout = 1s");
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromSeconds(5) });

        var result = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(FailureReason.TransportFailure, result.Failure?.Reason);
    }

    [Fact]
    public async Task Statistics_count_attempts_per_provider_and_phase_and_failures_by_reason()
    {
        var ok = await _engine.Flows.BeginAsync("dev2", Callback);
        await _engine.Flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(ok.AuthorizeUrl!), ok.BindingSecret);
        var pending = await _engine.Flows.BeginAsync("dev2", Callback);
        await _engine.Flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(pending.AuthorizeUrl!), "wrong-binding");

        var stats = await _engine.Flows.GetStatisticsAsync();

        var dev2 = stats.Providers["dev2"];
        Assert.Equal(2, dev2.Entered[AttemptPhase.Redirected]);
        Assert.Equal(1, dev2.Entered[AttemptPhase.Exchanged]);
        Assert.Equal(1, dev2.Pending);
        Assert.Equal(1, stats.FailuresByReason[FailureReason.BindingMismatch]);
        Assert.Equal(("dev2", FailureReason.BindingMismatch), (stats.RecentFailures[0].Provider, stats.RecentFailures[0].Reason));
    }

    private static List<KeyValuePair<string, string>> Replace(IEnumerable<KeyValuePair<string, string>> parameters, string name, string value) =>
        parameters.Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p).ToList();
}
