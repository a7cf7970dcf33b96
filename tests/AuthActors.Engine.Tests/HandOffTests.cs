using System.Security.Cryptography;
using Akka.Actor;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Engine.Tests;

/// <summary>
/// The passivation contract's other half: a stop message the attempt did not ask for, as Cluster Sharding sends to
/// every entity of a shard it hands off, waits for the step in flight. Stopped at once, the attempt's caller would
/// get no answer and the next incarnation would retry an exchange whose code is already spent.
/// </summary>
public sealed class HandOffTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private const string Binding = "binding-hash";
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task A_stop_that_arrives_during_the_exchange_waits_for_its_outcome_and_the_caller_gets_it()
    {
        var system = _engine.System!;
        var runtime = new ProviderRuntime(EngineHarness.OAuth2Definition(_engine.Provider), new FlurlOAuthTransport(), AuthActorsSettings.Create(system));
        var attemptId = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var attempt = system.ActorOf(AuthorizationAttempt.Props(runtime, attemptId, new HandingOffParent()), "handed-off");
        var begun = Assert.IsType<AuthorizationAttempt.Begun>(
            await attempt.Ask<object>(new AuthorizationAttempt.Begin("dev2", attemptId, Callback, Binding, []), TimeSpan.FromSeconds(10)));
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl);

        // The token endpoint redeems the code at once and answers 2 s later: the stop lands in that window.
        _engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(2) });
        var completing = attempt.Ask<object>(new AuthorizationAttempt.Complete("dev2", attemptId, callback, Binding), TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_engine.Provider.Counters.CodesRedeemed < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "The exchange never reached the provider.");
            await Task.Delay(20);
        }

        var stopped = attempt.WatchAsync();
        attempt.Tell(AuthorizationAttempt.Stop.Instance);

        var completed = Assert.IsType<AuthorizationAttempt.Completed>(await completing);
        Assert.NotNull(completed.Identity);
        Assert.True(await stopped.WaitAsync(TimeSpan.FromSeconds(10)), "The attempt did not stop once its outcome was written.");
        _engine.Provider.Knobs.ClearAll();
        Assert.Equal(1, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));

        // The outcome is in the journal: the next incarnation (under the provider's supervisor) has it, with no retry.
        var status = await _engine.Flows.GetStatusAsync("dev2", attemptId);
        Assert.Equal(AttemptPhase.Exchanged, status.Phase);
        Assert.Equal(1, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    // A parent that grants a passivation at once, and, like a shard that hands off, sends its stop unasked (above).
    private sealed class HandingOffParent : IEntityParent
    {
        public void Passivate(IActorContext context, object stopMessage) => context.Self.Tell(stopMessage);

        public void Recovered(IActorContext context)
        {
        }
    }
}
