using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// What the engine's persistent entities (attempts and grants) share: the passivation contract with their
/// parent (<see cref="IEntityParent"/>), the cancellation of their edge calls when they stop, no snapshots, and
/// the answer to a journal that fails or rejects a write: the entity passivates with its state unchanged and
/// tells everyone waiting on it; the next incarnation recovers what was written.
/// Entities dispatch on their own phase with <c>switch</c> statements instead of <c>ReceivePersistentActor</c>'s
/// <c>Become(() => { Command&lt;T&gt;(...); })</c>, which builds and compiles a new handler table (with reflection) at
/// every change of behavior: five times in a login.
/// Their idle timeout (<see cref="SetIdleTimeout"/>) is checked lazily: Akka's receive timeout cancels and schedules
/// a timer at every message (a login's attempt gets a dozen, its journal's replies included); this one schedules a
/// check when the timeout is set, and the check, when it fires early, schedules the rest.
/// Their timers (<see cref="StartTimer"/>, the idle check) are <see cref="EntityTimer"/>s, which let go of the entity
/// when they are cancelled, so a stopped entity is garbage at once.
/// </summary>
internal abstract class PersistentEntity<TEvent> : EventSourcedEntity, ILinkedEntity
    where TEvent : class
{
    private readonly IEntityParent _parent;
    // Under a local shard: the link the shard's messages carry, the highest number taken on it, and a recovery to mark
    // on it once the first message brings it.
    private EntityLink? _link;
    private long _taken;
    private bool _recoveredUnmarked;
    private readonly object _stopMessage;
    private readonly CancellationTokenSource _cts = new();
    private bool _passivating;
    private bool _stopDeferred;
    // The idle timeout: its length, the last message (Environment.TickCount64, ms), and the check in the scheduler.
    private TimeSpan? _idleTimeout;
    private long _lastActivity;
    private EntityTimer? _idleCheck;
    // The entity's named timers, one per name (a short list: an attempt has two names).
    private EntityTimer? _timers;

    protected PersistentEntity(IEntityParent parent, object stopMessage, string kind, string logRef)
    {
        _parent = parent;
        _stopMessage = stopMessage;
        Kind = kind;
        LogRef = logRef;
    }

    /// <summary>"Attempt" or "Grant", for log lines.</summary>
    protected string Kind { get; }

    /// <summary>What log lines name the entity by: never its id when that is a secret or personal data.</summary>
    protected string LogRef { get; }

    /// <summary>Cancelled when the entity stops: its calls to the edge (providers, discovery) end with it.</summary>
    protected CancellationToken Cancellation => _cts.Token;

    /// <summary>Folds a recovered event into the entity's state.</summary>
    protected abstract void Apply(TEvent e);

    /// <summary>Recovery is complete: the entity takes up its phase.</summary>
    protected abstract void OnRecovered();

    protected sealed override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case TEvent e:
                Apply(e);
                return true;
            case RecoveryCompleted:
                OnRecovered();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Asks the parent to stop this incarnation (idle or done); what arrives meanwhile goes to the next one.</summary>
    protected void Passivate()
    {
        var first = !_passivating;
        _passivating = true;
        if (_stopDeferred)
        {
            // The parent already sent its stop (a hand-off) and takes no passivation now: stop after what is queued.
            _stopDeferred = false;
            Self.Tell(_stopMessage);
            return;
        }

        if (first && _link is { Recovered: true } link && NothingWaits && link.TryClose(_taken))
        {
            // Under a local shard, with everything it routed here taken, and nothing put aside or taken back from the
            // stash (those have numbers already taken): nothing more comes, and the entity stops now.
            Context.Stop(Self);
            return;
        }

        _parent.Passivate(Context, _stopMessage);
    }

    /// <summary>
    /// True while the entity has a step in flight whose outcome is not yet written (a provider call, discovery): a stop
    /// message it did not ask for waits until the step ends (<see cref="ReceiveLifecycle"/>).
    /// </summary>
    protected abstract bool IsWorking { get; }

    /// <summary>True for the commands the parent routes to the entity (as opposed to its own and the journal's messages).</summary>
    protected abstract bool IsRoutedCommand(object message);

    // A command the parent sent before it learnt that the entity passivates is already in the entity's mailbox. Taken
    // on, it could start work that the stop message then cuts off (an exchange, with its caller never answered). It
    // goes back to the parent instead, which (having taken the passivation first, as messages between two actors keep
    // their order) holds it for the next incarnation. Only a local shard, which never refuses a passivation: Cluster
    // Sharding may ignore one (while it buffers messages for the entity), and the command would then come back.
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is EntityTimer timer)
        {
            if (timer.IsCancellationRequested)
            {
                // Cancelled or restarted after it fired: dropped, as Akka's timers drop theirs.
                return true;
            }

            if (ReferenceEquals(timer, _idleCheck))
            {
                return OnIdleCheck(receive);
            }

            message = timer.Message;
        }

        if (message is RoutedMessage routed)
        {
            // From a local shard (again, if it was stashed): its number counts once.
            message = routed.Message;
            _taken = Math.Max(_taken, routed.Number);
            if (_link is null)
            {
                _link = routed.Link;
                if (_recoveredUnmarked)
                {
                    _link.MarkRecovered();
                }
            }
        }

        _lastActivity = Environment.TickCount64;
        if (_passivating && ReferenceEquals(_parent, LocalShard.Parent) && IsRoutedCommand(message))
        {
            Context.Parent.Forward(message);
            return true;
        }

        var handled = base.AroundReceive(receive, message);
        if (_stopDeferred && !IsWorking)
        {
            // The step whose outcome the deferred stop waited for is written and answered: stop now, after what the
            // entity has just unstashed (duplicates waiting for that outcome), which a stop at once would drop.
            _stopDeferred = false;
            _passivating = true;
            Self.Tell(_stopMessage);
        }

        return handled;
    }

    /// <summary>
    /// After <paramref name="timeout"/> without a message the entity receives <see cref="ReceiveTimeout"/>, and again
    /// after every further <paramref name="timeout"/> without one, as with Akka's receive timeout; <c>null</c> turns it off.
    /// </summary>
    protected void SetIdleTimeout(TimeSpan? timeout)
    {
        _idleTimeout = timeout;
        _lastActivity = Environment.TickCount64;
        // A check already due no later than this timeout serves it (it looks at the time of the last message); one due
        // later is replaced. Turned off, a pending check finds no timeout and ends.
        if (timeout is { } t && (_idleCheck is null || _idleCheck.Due > _lastActivity + (long)t.TotalMilliseconds))
        {
            ScheduleIdleCheck(t);
        }
    }

    private void ScheduleIdleCheck(TimeSpan delay)
    {
        _idleCheck?.Cancel();
        _idleCheck = EntityTimer.Start(Context, "idle", IdleCheck.Instance, delay);
    }

    /// <summary>
    /// After <paramref name="delay"/> the entity receives <paramref name="message"/>, unless the timer named
    /// <paramref name="key"/> is cancelled or started again first (as Akka's <c>StartSingleTimer</c>). A timer that
    /// fired while the entity stashed its message still counts until it is cancelled. Stopping cancels them all.
    /// </summary>
    protected void StartTimer(string key, object message, TimeSpan delay)
    {
        CancelTimer(key);
        var timer = EntityTimer.Start(Context, key, message, delay);
        timer.Next = _timers;
        _timers = timer;
    }

    /// <summary>Cancels the timer named <paramref name="key"/>, if any: its message is not received, even if it has fired.</summary>
    protected void CancelTimer(string key)
    {
        EntityTimer? previous = null;
        for (var timer = _timers; timer is not null; previous = timer, timer = timer.Next)
        {
            if (timer.Key == key)
            {
                timer.Cancel();
                if (previous is null)
                {
                    _timers = timer.Next;
                }
                else
                {
                    previous.Next = timer.Next;
                }

                return;
            }
        }
    }

    private bool OnIdleCheck(Receive receive)
    {
        _idleCheck = null;
        if (_idleTimeout is not { } timeout)
        {
            return true;
        }

        var quiet = TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastActivity);
        if (quiet < timeout)
        {
            ScheduleIdleCheck(timeout - quiet);
            return true;
        }

        _lastActivity = Environment.TickCount64;
        ScheduleIdleCheck(timeout);
        return base.AroundReceive(receive, ReceiveTimeout.Instance);
    }

    /// <summary>Tells the parent the entity has recovered and answers for itself from now on.</summary>
    protected void SignalRecovered()
    {
        if (!ReferenceEquals(_parent, LocalShard.Parent))
        {
            _parent.Recovered(Context);
        }
        else if (_link is { } link)
        {
            link.MarkRecovered();
        }
        else
        {
            // Recovered before taking its first message (a new entity recovers as it starts), which brings the link. A
            // child of a local shard is started for a message, so one comes.
            _recoveredUnmarked = true;
        }
    }

    /// <summary>
    /// The messages every behavior that can rest answers alike. The idle timeout and a local shard over its active
    /// limit (<see cref="LocalShard.PassivateIfIdle"/>) passivate the entity when <paramref name="idle"/> and are
    /// ignored while it works. The parent's stop message stops it when it asked to passivate, or is idle. A stop it
    /// did not ask for while it works (a Cluster Sharding hand-off, which sends it to every entity of a shard that
    /// moves) waits until the step's outcome is written and answered (<see cref="IsWorking"/>): stopped at once, the
    /// next incarnation would repeat a provider call whose first answer was lost, and a code can be redeemed only
    /// once. Akka's hand-off waits for its entities to stop (<c>handoff-timeout</c>). Returns false for any other message.
    /// </summary>
    protected bool ReceiveLifecycle(object message, bool idle)
    {
        if (message is ReceiveTimeout or LocalShard.PassivateIfIdle)
        {
            if (idle)
            {
                Passivate();
            }

            return true;
        }

        if (ReferenceEquals(message, _stopMessage))
        {
            if (!_passivating && IsWorking)
            {
                Log.Debug("{0} {1}: stop deferred until its step in flight is written", Kind, LogRef);
                _stopDeferred = true;
                return true;
            }

            Context.Stop(Self);
            return true;
        }

        return false;
    }

    /// <summary>Answers every caller waiting on the entity (and empties the stash) with a journal failure.</summary>
    protected abstract void AnswerJournalUnavailable();

    protected override void PostStop()
    {
        _idleCheck?.Cancel();
        for (var timer = _timers; timer is not null; timer = timer.Next)
        {
            timer.Cancel();
        }

        _timers = null;
        _cts.Cancel();
        _cts.Dispose();
        base.PostStop();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "{0} {1} could not write {2}; stopping with its state unchanged", Kind, LogRef, @event.GetType().Name);
        Passivate();
        AnswerJournalUnavailable();
    }

    protected override void OnRecoveryFailure(Exception reason) =>
        Log.Error(reason, "{0} {1}: its recovery failed; stopping", Kind, LogRef);

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "{0} {1}: the journal rejected {2}; stopping with its state unchanged", Kind, LogRef, @event.GetType().Name);
        Passivate();
        AnswerJournalUnavailable();
        Context.Stop(Self);
    }

    // The message of the idle timeout's check; only the latest check counts.
    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }
}
