using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Protocol.Providers;

namespace AuthActors.Engine.Tests;

/// <summary>
/// The edge's asks end at their deadline with a typed timeout, without a timer per ask (<see cref="AskDeadlines"/>):
/// a reply in time is the answer, an ask nobody answers ends no sooner than its deadline and at most a slot later,
/// and the caller's own cancellation still ends it at once.
/// </summary>
public sealed class AskDeadlineTests : IAsyncLifetime
{
    // What the machine may add on top of the slot: the test collections run side by side on two cores, and a CI
    // rehearsal once saw a timer fire 1.45 s late. A deadline that is ignored still fails (the callers wait 10 s).
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private IActorRef _silent = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("ask-deadlines");
        _echo = _system.ActorOf(Props.Create(() => new Echo()));
        _silent = _system.ActorOf(Props.Create(() => new Silent()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    [Fact]
    public async Task Replies_within_the_deadline_are_the_answers_each_to_its_own_ask()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => AskDeadlines.AskAsync(_echo, $"m-{i}", TimeSpan.FromSeconds(5), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (object)$"m-{i}"), replies);
    }

    [Fact]
    public async Task An_ask_nobody_answers_ends_with_Passed_at_its_deadline_and_not_before()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();

        var reply = await AskDeadlines.AskAsync(_silent, "anyone?", timeout, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType<AskDeadlines.Passed>(reply);
        Assert.InRange(watch.Elapsed, timeout, timeout + AskDeadlines.Slot + Slack);
    }

    [Fact]
    public async Task An_infinite_timeout_is_no_deadline_and_only_the_caller_ends_the_ask()
    {
        // ask-timeout = infinite in HOCON reads as Timeout.InfiniteTimeSpan: the ask waits, as Akka's Ask does.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AskDeadlines.AskAsync(_silent, "anyone?", Timeout.InfiniteTimeSpan, cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(500), $"Ended after {watch.Elapsed}, before the caller cancelled.");
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_ask_at_once()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AskDeadlines.AskAsync(_silent, "anyone?", TimeSpan.FromSeconds(30), cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Cancelled after {watch.Elapsed}.");
    }

    [Fact]
    public async Task A_begin_or_status_the_engine_never_answers_is_a_typed_timeout()
    {
        var settings = AuthActorsSettings.Create(ConfigurationFactory.ParseString("authactors { ask-timeout = 300ms, attempt.call-timeout = 100ms }"));
        var provider = new OAuth2ProviderDefinition("quiet", "c", "s", "https://quiet.example/authorize", "https://quiet.example/token");
        var flows = new AuthFlows([(provider, _silent)], settings);

        var watch = Stopwatch.StartNew();
        var status = await flows.GetStatusAsync("quiet", new string('a', 43)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FailureReason.Timeout, status.Failure);
        Assert.InRange(watch.Elapsed, settings.AskTimeout, settings.AskTimeout + AskDeadlines.Slot + Slack);

        watch.Restart();
        var begun = await flows.BeginAsync("quiet", "https://app.example/callback").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FailureReason.Timeout, begun.Failure?.Reason);
        Assert.Contains("did not answer", begun.Failure!.Description, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, settings.BeginTimeout, settings.BeginTimeout + AskDeadlines.Slot + Slack);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }
}
