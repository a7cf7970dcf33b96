using Akka.Actor;
using AuthActors.Engine.Attempts;
using static AuthActors.Engine.Statistics.AttemptStatistics;

namespace AuthActors.Engine.Statistics.Internal;

internal sealed class AttemptStatisticsActor : ReceiveActor
{
    private const int RecentLimit = 20;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _since;
    private readonly Dictionary<string, Dictionary<AttemptPhase, long>> _entered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<FailureReason, long> _failures = new();
    private readonly LinkedList<RecentFailure> _recent = new();
    private readonly Queue<MutableBucket> _history = new();

    public AttemptStatisticsActor(TimeProvider clock)
    {
        _clock = clock;
        _since = clock.GetUtcNow();
        Receive<Transitioned>(OnTransitioned);
        Receive<Refused>(r => Fail(r.Provider, r.Reason));
        Receive<GetSnapshot>(_ => Sender.Tell(Snapshot()));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(Transitioned));
        Context.System.EventStream.Subscribe(Self, typeof(Refused));
    }

    private void OnTransitioned(Transitioned t)
    {
        if (!_entered.TryGetValue(t.Provider, out var phases))
        {
            _entered[t.Provider] = phases = [];
        }

        phases[t.To] = phases.GetValueOrDefault(t.To) + 1;
        if (t.To == AttemptPhase.Exchanged)
        {
            Current().Completed++;
        }

        var delta = (IsPending(t.To) ? 1 : 0) - (IsPending(t.From) ? 1 : 0);
        _pending[t.Provider] = Math.Max(0, _pending.GetValueOrDefault(t.Provider) + delta);
        if (t.Reason is { } reason)
        {
            Fail(t.Provider, reason);
        }
    }

    private void Fail(string provider, FailureReason reason)
    {
        _failures[reason] = _failures.GetValueOrDefault(reason) + 1;
        var bucket = Current();
        bucket.Failures[reason] = bucket.Failures.GetValueOrDefault(reason) + 1;
        _recent.AddFirst(new RecentFailure(_clock.GetUtcNow(), provider, reason));
        if (_recent.Count > RecentLimit)
        {
            _recent.RemoveLast();
        }
    }

    private Snapshot Snapshot()
    {
        // Every interval of the window is listed, quiet ones as zeros, so charts need no gap filling.
        var current = Current().Start;
        var byStart = _history.ToDictionary(b => b.Start);
        var history = Enumerable.Range(0, HistoryLength).Select(i => current - (BucketWidth * (HistoryLength - 1 - i)))
            .Select(start => byStart.TryGetValue(start, out var b)
                ? new Bucket(start, b.Completed, new Dictionary<FailureReason, long>(b.Failures))
                : new Bucket(start, 0, new Dictionary<FailureReason, long>()))
            .ToList();
        return new Snapshot(
            _since,
            _entered.ToDictionary(p => p.Key, p => new ProviderCounts(new Dictionary<AttemptPhase, long>(p.Value), _pending.GetValueOrDefault(p.Key))),
            new Dictionary<FailureReason, long>(_failures),
            _recent.ToList()) { History = history };
    }

    // The bucket of now, created on demand; buckets older than the window are dropped.
    private MutableBucket Current()
    {
        var now = _clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % BucketWidth.Ticks), TimeSpan.Zero);
        if (_history.Count == 0 || _history.Last().Start != start)
        {
            _history.Enqueue(new MutableBucket(start));
        }

        while (_history.Peek().Start <= start - (BucketWidth * HistoryLength))
        {
            _history.Dequeue();
        }

        return _history.Last();
    }

    private sealed class MutableBucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public long Completed { get; set; }
        public Dictionary<FailureReason, long> Failures { get; } = [];
    }

    private static bool IsPending(AttemptPhase phase) => phase is AttemptPhase.Redirected or AttemptPhase.Exchanging;
}
