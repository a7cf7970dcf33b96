using Akka.Actor;
using Akka.TestKit.Xunit2;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Statistics;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Engine.Tests;

/// <summary>The node's counters and their five-minute history, on a clock moved by hand.</summary>
public sealed class StatisticsTests : TestKit
{
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 1, TimeSpan.Zero));

    private AttemptStatistics.Snapshot SnapshotOf(IActorRef statistics) =>
        statistics.Ask<AttemptStatistics.Snapshot>(AttemptStatistics.GetSnapshot.Instance, TimeSpan.FromSeconds(3)).Result;

    [Fact]
    public void The_history_counts_completions_and_failures_by_reason_per_five_second_interval()
    {
        var statistics = Sys.ActorOf(AttemptStatistics.Props(_clock));
        statistics.Tell(new AttemptStatistics.Transitioned("dev", AttemptPhase.Identifying, AttemptPhase.Exchanged, null));
        statistics.Tell(new AttemptStatistics.Transitioned("dev", AttemptPhase.Identifying, AttemptPhase.Exchanged, null));
        statistics.Tell(new AttemptStatistics.Refused("dev", FailureReason.BindingMismatch));
        SnapshotOf(statistics);
        _clock.Now += TimeSpan.FromSeconds(5);
        statistics.Tell(new AttemptStatistics.Transitioned("dev", AttemptPhase.Exchanging, AttemptPhase.Failed, FailureReason.ProviderError));
        statistics.Tell(new AttemptStatistics.Transitioned("dev", AttemptPhase.Identifying, AttemptPhase.Exchanged, null));

        var history = SnapshotOf(statistics).History;

        Assert.Equal(AttemptStatistics.HistoryLength, history.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 0, 5, TimeSpan.Zero), history[^1].Start);
        Assert.Equal((2L, 1L), (history[^2].Completed, history[^2].Failures[FailureReason.BindingMismatch]));
        Assert.Equal((1L, 1L), (history[^1].Completed, history[^1].Failures[FailureReason.ProviderError]));
        Assert.All(history.Take(AttemptStatistics.HistoryLength - 2), b => Assert.Equal(0, b.Completed + b.Failures.Values.Sum()));
    }

    [Fact]
    public void Intervals_older_than_five_minutes_leave_the_history()
    {
        var statistics = Sys.ActorOf(AttemptStatistics.Props(_clock));
        statistics.Tell(new AttemptStatistics.Transitioned("dev", AttemptPhase.Identifying, AttemptPhase.Exchanged, null));
        SnapshotOf(statistics);

        _clock.Now += TimeSpan.FromMinutes(5);
        var history = SnapshotOf(statistics).History;

        Assert.Equal(AttemptStatistics.HistoryLength, history.Count);
        Assert.All(history, b => Assert.Equal(0, b.Completed));
        Assert.Equal(1, SnapshotOf(statistics).Providers["dev"].Entered[AttemptPhase.Exchanged]);
    }
}
