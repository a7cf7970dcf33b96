using Akka.Actor;
using AuthActors.Engine.Attempts;

namespace AuthActors.Engine.Statistics;

/// <summary>
/// Counters of what attempts did since the node started (in a cluster, frontends count what every engine
/// node publishes): transitions per provider and phase, and
/// failures by reason. Attempts publish to the event stream; one actor per node counts.
/// </summary>
public static class AttemptStatistics
{
    /// <summary>An attempt moved from one phase to another.</summary>
    /// <param name="Provider">The provider.</param>
    /// <param name="From">The phase it left.</param>
    /// <param name="To">The phase it entered.</param>
    /// <param name="Reason">Why it failed, for Failed and Expired.</param>
    public sealed record Transitioned(string Provider, AttemptPhase From, AttemptPhase To, FailureReason? Reason) : IAuthActorsMessage;

    /// <summary>A begin or a callback was refused without changing the attempt (or before there was one).</summary>
    /// <param name="Provider">The provider.</param>
    /// <param name="Reason">Why.</param>
    public sealed record Refused(string Provider, FailureReason Reason) : IAuthActorsMessage;

    /// <summary>Ask for a <see cref="Snapshot"/>.</summary>
    public sealed class GetSnapshot
    {
        /// <summary>The instance.</summary>
        public static readonly GetSnapshot Instance = new();

        private GetSnapshot()
        {
        }
    }

    /// <summary>The counters.</summary>
    /// <param name="Since">When counting started.</param>
    /// <param name="Providers">Per provider: how many attempts entered each phase, and how many are pending now.</param>
    /// <param name="FailuresByReason">Every failure (refused callbacks included) by reason.</param>
    /// <param name="RecentFailures">The latest failures, newest first (at most 20).</param>
    public sealed record Snapshot(
        DateTimeOffset Since,
        IReadOnlyDictionary<string, ProviderCounts> Providers,
        IReadOnlyDictionary<FailureReason, long> FailuresByReason,
        IReadOnlyList<RecentFailure> RecentFailures)
    {
        /// <summary>
        /// The last <see cref="HistoryLength"/> intervals of <see cref="BucketWidth"/>, oldest first, the current one
        /// last: logins completed and failures by reason in each, for rate charts.
        /// </summary>
        public IReadOnlyList<Bucket> History { get; init; } = [];
    }

    /// <summary>The width of a <see cref="Bucket"/>.</summary>
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(5);

    /// <summary>How many buckets <see cref="Snapshot.History"/> keeps: five minutes.</summary>
    public const int HistoryLength = 60;

    /// <summary>What happened in one interval of <see cref="BucketWidth"/>.</summary>
    /// <param name="Start">When the interval began.</param>
    /// <param name="Completed">Logins that completed in it.</param>
    /// <param name="Failures">Failures (refusals included) in it, by reason.</param>
    public sealed record Bucket(DateTimeOffset Start, long Completed, IReadOnlyDictionary<FailureReason, long> Failures);

    /// <summary>One provider's counters.</summary>
    /// <param name="Entered">How many attempts entered each phase.</param>
    /// <param name="Pending">Attempts begun on this node and not finished (waiting for a callback or exchanging).</param>
    public sealed record ProviderCounts(IReadOnlyDictionary<AttemptPhase, long> Entered, long Pending);

    /// <summary>A failure, for the status page.</summary>
    /// <param name="At">When.</param>
    /// <param name="Provider">The provider.</param>
    /// <param name="Reason">Why.</param>
    public sealed record RecentFailure(DateTimeOffset At, string Provider, FailureReason Reason);

    /// <summary>The props of the counting actor; it subscribes itself to the event stream.</summary>
    public static Props Props(TimeProvider? clock = null) => Akka.Actor.Props.Create(() => new Internal.AttemptStatisticsActor(clock ?? TimeProvider.System));
}
