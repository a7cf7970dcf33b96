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
        _recent.AddFirst(new RecentFailure(_clock.GetUtcNow(), provider, reason));
        if (_recent.Count > RecentLimit)
        {
            _recent.RemoveLast();
        }
    }

    private Snapshot Snapshot() => new(
        _since,
        _entered.ToDictionary(p => p.Key, p => new ProviderCounts(new Dictionary<AttemptPhase, long>(p.Value), _pending.GetValueOrDefault(p.Key))),
        new Dictionary<FailureReason, long>(_failures),
        _recent.ToList());

    private static bool IsPending(AttemptPhase phase) => phase is AttemptPhase.Redirected or AttemptPhase.Exchanging;
}
