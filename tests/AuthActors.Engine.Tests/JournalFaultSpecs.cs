using System.Security.Cryptography;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;

namespace AuthActors.Engine.Tests;

/// <summary>
/// Invariant 7 (and 5, in process): the journal fails writes or recovery. Callers get a typed error,
/// nothing half-written remains, and the attempt works again once the journal does.
/// </summary>
public sealed class JournalFaultSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private static readonly Config TestJournalConfig = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        authactors.attempt.idle-timeout = 300ms
        authactors.ask-timeout = 10s
        """).WithFallback(AuthActorsSettings.DefaultConfig());

    private DevProviderServer _provider = null!;
    private AuthFlows _flows = null!;

    public JournalFaultSpecs()
        : base(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(TestJournalConfig),
            AuthActorsSerialization.Setup(FieldEncryptor.WithKey(RandomNumberGenerator.GetBytes(32)))), "journal-faults")
    {
    }

    private ITestJournal Journal => TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));

    public async Task InitializeAsync()
    {
        _provider = await DevProviderServer.StartAsync();
        var settings = AuthActorsSettings.Create(Sys);
        var definition = EngineHarness.OAuth2Definition(_provider);
        var runtime = new ProviderRuntime(definition, new FlurlOAuthTransport(), settings);
        _flows = new AuthFlows([(definition, Sys.ActorOf(ProviderSupervisor.Props(runtime), "provider-dev2"))], settings);
    }

    public async Task DisposeAsync()
    {
        await Journal.OnWrite.Pass();
        await Journal.OnRecovery.Pass();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_begin_whose_write_fails_is_a_typed_error_and_leaves_no_attempt()
    {
        var logs = CaptureLogs();
        await Journal.OnWrite.Fail();
        var failed = await _flows.BeginAsync("dev2", Callback);
        Assert.Equal(FailureReason.JournalUnavailable, failed.Failure?.Reason);
        AssertLoggedWithout(logs, failed.AttemptId);

        await Journal.OnWrite.Pass();
        Assert.Equal(AttemptPhase.None, (await _flows.GetStatusAsync("dev2", failed.AttemptId)).Phase);
        Assert.True((await _flows.BeginAsync("dev2", Callback)).IsSuccess);
    }

    [Fact]
    public async Task A_rejected_write_is_a_typed_error_too()
    {
        await Journal.OnWrite.Reject();
        Assert.Equal(FailureReason.JournalUnavailable, (await _flows.BeginAsync("dev2", Callback)).Failure?.Reason);
    }

    [Fact]
    public async Task A_callback_whose_acceptance_cannot_be_written_fails_and_can_be_retried_once_the_journal_is_back()
    {
        var begun = await _flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var requests = _provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        await Journal.OnWrite.Fail();
        Assert.Equal(FailureReason.JournalUnavailable, (await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).Failure?.Reason);
        Assert.Equal(requests, _provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));

        await Journal.OnWrite.Pass();
        Assert.Equal(AttemptPhase.Redirected, (await _flows.GetStatusAsync("dev2", begun.AttemptId)).Phase);
        Assert.True((await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).IsSuccess);
    }

    [Fact]
    public async Task An_attempt_whose_recovery_fails_answers_with_a_typed_error_and_recovers_later()
    {
        var begun = await _flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        await Task.Delay(800); // idle-timeout 300 ms: the attempt passivates

        var logs = CaptureLogs();
        await Journal.OnRecovery.Fail();
        Assert.Equal(FailureReason.JournalUnavailable, (await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).Failure?.Reason);
        AssertLoggedWithout(logs, begun.AttemptId);

        await Journal.OnRecovery.Pass();
        Assert.True((await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).IsSuccess);
    }

    [Fact]
    public async Task When_the_outcome_cannot_be_written_the_attempt_resolves_on_the_next_callback_with_one_retry()
    {
        var begun = await _flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        _provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(700) });
        var requests = _provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        var completing = _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        await AwaitPhase(begun.AttemptId, AttemptPhase.Exchanging);
        await Journal.OnWrite.Fail(); // TokenExchanged will not be written: the actor stops as a crashed node would
        Assert.Equal(FailureReason.JournalUnavailable, (await completing).Failure?.Reason);

        await Journal.OnWrite.Pass();
        _provider.Knobs.ClearAll();
        var resolved = await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        // The code was redeemed by the first request, so the one retry meets invalid_grant: outcome lost, never a hang.
        Assert.Equal(FailureReason.ExchangeOutcomeLost, resolved.Failure?.Reason);
        Assert.Equal(requests + 2, _provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        Assert.Equal(FailureReason.ExchangeOutcomeLost, (await _flows.CompleteAsync("dev2", null, callback, begun.BindingSecret)).Failure?.Reason);
        Assert.Equal(requests + 2, _provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    private Task AwaitPhase(string attemptId, AttemptPhase phase) =>
        Poll.UntilAsync(async () => (await _flows.GetStatusAsync("dev2", attemptId)).Phase == phase, $"The attempt never reached {phase}.",
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    // Every warning and error the actor system logs from now on.
    private Akka.TestKit.TestProbe CaptureLogs()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Akka.Event.Warning));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Akka.Event.Error));
        return probe;
    }

    // The failure was logged as an error, and no log line names the attempt's id (its OAuth state).
    private static void AssertLoggedWithout(Akka.TestKit.TestProbe logs, string attemptId)
    {
        var lines = logs.ReceiveWhile(TimeSpan.FromSeconds(1), e => (Akka.Event.LogEvent)e);
        Assert.Contains(lines, e => e is Akka.Event.Error);
        Assert.DoesNotContain(lines, e => e.ToString().Contains(attemptId, StringComparison.Ordinal));
    }
}
