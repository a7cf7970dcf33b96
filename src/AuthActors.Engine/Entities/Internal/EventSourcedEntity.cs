using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// The event sourcing of the engine's entities, speaking Akka.Persistence's journal protocol directly (the same
/// messages <c>PersistentActor</c> sends: <c>ReplayMessages</c>, <c>WriteMessages</c>, <c>DeleteMessagesTo</c>), so any
/// Akka journal serves it and reads what it wrote. What it leaves out of <c>PersistentActor</c> is what an entity that
/// never snapshots does not need, and it cost every recovery four thread-pool hops and a HOCON parse:
/// <list type="bullet">
/// <item>no recovery permit: <c>PersistentActor</c> asks the system's one <c>RecoveryPermitter</c> actor for a permit,
/// which watches it, and gives it back at the end (which unwatches it). So <c>akka.persistence.max-concurrent-recoveries</c>
/// does not bound the entities' recoveries: the journals' own readers do (a pooled SQLite connection per reading
/// thread, the PostgreSQL connection pool);</item>
/// <item>no snapshot store: <c>PersistentActor</c> asks it for a snapshot first, even with
/// <c>SnapshotSelectionCriteria.None</c>;</item>
/// <item>no journal at all for an entity known to be new (<see cref="MarkNew"/>): its recovery is complete at once;</item>
/// <item>no timer per recovery: the journal's <c>recovery-event-timeout</c> is read once per journal, and one check
/// per recovery fails it when the journal sends nothing for that long;</item>
/// <item>no journal actor in between when the journal offers direct calls (<see cref="IDirectJournal"/>: the SQLite
/// journal does): the entity hands it its writes and its recovery, and the answers come straight from the thread
/// that did the work, in the same messages. The SQLite journal reads a recovery on the entity's own thread, during its
/// start, so the answers are in its mailbox when the start ends, and need no deadline.</item>
/// </list>
/// Otherwise it keeps <c>PersistentActor</c>'s contract: commands wait (in an internal stash) while the entity
/// recovers and while an event it persisted is not yet written; a persisted event's handler runs once the journal has
/// written it, with <see cref="ActorBase.Sender"/> the sender of the command that persisted it; a failed write calls
/// <see cref="OnPersistFailure"/> and stops the entity; a rejected one calls <see cref="OnPersistRejected"/>; a failed
/// recovery calls <see cref="OnRecoveryFailure"/> and stops it.
/// </summary>
internal abstract class EventSourcedEntity : ActorBase, IWithUnboundedStash
{
    private static readonly ConditionalWeakTable<ActorSystem, ConcurrentDictionary<string, TimeSpan>> RecoveryTimeouts = new();
    private static int _instances;

    private readonly int _instanceId = Interlocked.Increment(ref _instances);
    private readonly string _writerGuid = Guid.NewGuid().ToString();
    // Handlers of the events sent to the journal and not yet answered, in order, and the writes of this turn.
    private readonly Queue<(object Event, Action<object> Handler)> _pending = new();
    private List<IPersistentEnvelope>? _batch;
    private IStash? _internalStash;
    private IActorRef? _journal;
    // The journal's direct calls, when it offers them (looked up when the entity starts), else null.
    private IDirectJournal? _direct;
    private ILoggingAdapter? _log;
    private Phase _phase = Phase.Recovering;
    private long _sequenceNr;
    // The events of the WriteMessages in flight not yet answered.
    private int _inFlight;
    private bool _markedNew;
    // The recovery's deadline: the time of the journal's last message (Environment.TickCount64) and its check.
    private long _lastReplayed;
    private EntityTimer? _recoveryCheck;

    private enum Phase
    {
        Recovering,
        Processing,
        Persisting,
    }

    /// <summary>The entity's id in the journal.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The journal plugin, or empty for the default one. Set it in the constructor.</summary>
    public string JournalPluginId { get; protected set; } = string.Empty;

    /// <summary>The sequence number of the last event replayed or written.</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The commands the entity put aside itself (Akka's user stash).</summary>
    public IStash Stash { get; set; } = null!;

    /// <summary>True when neither stash holds a message and the mailbox is empty (messages taken back from a stash are there).</summary>
    protected bool NothingWaits =>
        (_internalStash?.IsEmpty ?? true) && Stash.IsEmpty && Context is ActorCell { Mailbox.MessageQueue.HasMessages: false };

    /// <summary>The entity's log.</summary>
    protected ILoggingAdapter Log => _log ??= Context.GetLogger();

    private IActorRef Journal => _journal ??= Persistence.Instance.Apply(Context.System).JournalFor(JournalPluginId);

    /// <summary>
    /// Marks the entity as having nothing in the journal (its id was just drawn at random): its recovery completes
    /// without asking the journal. Call it from the constructor.
    /// </summary>
    protected void MarkNew() => _markedNew = true;

    /// <summary>Handles a recovered event, then <see cref="RecoveryCompleted"/>.</summary>
    protected abstract bool ReceiveRecover(object message);

    /// <summary>Handles a command once the entity has recovered.</summary>
    protected abstract bool ReceiveCommand(object message);

    /// <summary>
    /// Writes <paramref name="event"/> and then runs <paramref name="handler"/> with it. Commands that arrive
    /// meanwhile wait until every event persisted so far is written and handled.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        _pending.Enqueue((@event, e => handler((TEvent)e)));
        (_batch ??= []).Add(new AtomicWrite(Represent(@event)));
    }

    /// <summary>Writes <paramref name="events"/> in one atomic write, then runs <paramref name="handler"/> with each.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        var representations = ImmutableList.CreateBuilder<IPersistentRepresentation>();
        foreach (var e in events)
        {
            _pending.Enqueue((e, x => handler((TEvent)x)));
            representations.Add(Represent(e));
        }

        if (representations.Count > 0)
        {
            (_batch ??= []).Add(new AtomicWrite(representations.ToImmutable()));
        }
    }

    /// <summary>Deletes the events up to <paramref name="toSequenceNr"/>; the answer is a <c>DeleteMessagesSuccess</c> or <c>DeleteMessagesFailure</c>.</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        if (toSequenceNr == long.MaxValue || toSequenceNr <= LastSequenceNr)
        {
            Journal.Tell(new DeleteMessagesTo(PersistenceId, toSequenceNr, Self));
        }
        else
        {
            Self.Tell(new DeleteMessagesFailure(
                new ArgumentException($"Cannot delete up to {toSequenceNr}: the last sequence number is {LastSequenceNr}.", nameof(toSequenceNr)),
                toSequenceNr));
        }
    }

    // The defaults log no persistence id: an attempt's holds its OAuth state, a grant's its user. (Akka's
    // PersistentActor logs it; the entities logged it through Akka's defaults until 2026-12-05.)

    /// <summary>The journal could not write <paramref name="event"/>; the entity stops after this returns.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Log.Error(cause, "Could not write {0} (sequence number {1}); stopping", @event.GetType().Name, sequenceNr);

    /// <summary>The journal rejected <paramref name="event"/> (it could not serialize it, say); the entity goes on.</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Log.Warning("The journal rejected {0} (sequence number {1}): {2}", @event.GetType().Name, sequenceNr, cause.Message);

    /// <summary>The recovery failed; the entity stops after this returns.</summary>
    protected virtual void OnRecoveryFailure(Exception reason) =>
        Log.Error(reason, "The recovery failed after sequence number {0}; stopping", LastSequenceNr);

    public override void AroundPreStart()
    {
        _internalStash = Context.CreateStash(GetType());
        _direct = DirectJournals.Find(Journal);
        base.AroundPreStart();
        if (_markedNew)
        {
            Recovered(0);
            return;
        }

        // A direct journal that has answered already (its answers are in the mailbox) needs no deadline.
        if (_direct is { } direct && direct.ReplayAll(PersistenceId, Self))
        {
            return;
        }

        if (_direct is null)
        {
            Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, PersistenceId, Self));
        }

        _lastReplayed = Environment.TickCount64;
        _recoveryCheck = EntityTimer.Start(Context, "recovery", RecoveryCheck.Instance, RecoveryTimeout());
    }

    public override void AroundPreRestart(Exception cause, object message)
    {
        // What waited goes back to the mailbox, for the next incarnation, as with Akka's persistent actors.
        _recoveryCheck?.Cancel();
        _internalStash?.UnstashAll();
        base.AroundPreRestart(cause, message);
    }

    public override void AroundPostStop()
    {
        _recoveryCheck?.Cancel();
        try
        {
            // What waits goes to dead letters, as with Akka's persistent actors.
            _internalStash?.UnstashAll();
            Stash.UnstashAll();
        }
        finally
        {
            base.AroundPostStop();
        }
    }

    protected sealed override bool Receive(object message)
    {
        switch (_phase)
        {
            case Phase.Recovering:
                return Recovering(message);
            case Phase.Persisting when IsJournalAnswer(message):
                return Written(message);
            case Phase.Persisting:
                _internalStash!.Stash();
                return true;
            default:
                var handled = ReceiveCommand(message);
                Flush();
                return handled;
        }
    }

    private static bool IsJournalAnswer(object message) =>
        message is WriteMessageSuccess or WriteMessageFailure or WriteMessageRejected or WriteMessagesSuccessful or WriteMessagesFailed;

    private bool Recovering(object message)
    {
        switch (message)
        {
            case ReplayedMessage replayed:
                _lastReplayed = Environment.TickCount64;
                LastSequenceNr = replayed.Persistent.SequenceNr;
                try
                {
                    ReceiveRecover(replayed.Persistent.Payload);
                }
                catch (Exception ex)
                {
                    FailRecovery(ex);
                }

                return true;
            case RecoverySuccess success:
                Recovered(Math.Max(LastSequenceNr, success.HighestSequenceNr));
                return true;
            case ReplayMessagesFailure failure:
                FailRecovery(failure.Cause);
                return true;
            case EntityTimer { Message: RecoveryCheck } timer:
                if (ReferenceEquals(timer, _recoveryCheck))
                {
                    CheckRecovery();
                }

                return true;
            case RecoveryCheck when _recoveryCheck is not null:
                // Unwrapped by a subclass that handles its timers first (PersistentEntity, which drops a cancelled one).
                CheckRecovery();
                return true;
            default:
                _internalStash!.Stash();
                return true;
        }
    }

    private void CheckRecovery()
    {
        var timeout = RecoveryTimeout();
        var quiet = TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastReplayed);
        if (quiet < timeout)
        {
            _recoveryCheck = EntityTimer.Start(Context, "recovery", RecoveryCheck.Instance, timeout - quiet);
            return;
        }

        _recoveryCheck = null;
        FailRecovery(new RecoveryTimedOutException(
            $"Recovery timed out, didn't get event within {timeout.TotalSeconds}s, highest sequence number seen {LastSequenceNr}."));
    }

    private void FailRecovery(Exception reason)
    {
        _recoveryCheck?.Cancel();
        _recoveryCheck = null;
        try
        {
            OnRecoveryFailure(reason);
        }
        finally
        {
            Context.Stop(Self);
        }
    }

    private void Recovered(long highest)
    {
        _recoveryCheck?.Cancel();
        _recoveryCheck = null;
        LastSequenceNr = highest;
        _sequenceNr = highest;
        _phase = Phase.Processing;
        ReceiveRecover(RecoveryCompleted.Instance);
        Flush();
        _internalStash!.UnstashAll();
    }

    private bool Written(object message)
    {
        switch (message)
        {
            case WriteMessageSuccess success when success.ActorInstanceId == _instanceId:
            {
                LastSequenceNr = success.Persistent.SequenceNr;
                var (e, handler) = _pending.Dequeue();
                handler(e);
                break;
            }

            case WriteMessageRejected rejected when rejected.ActorInstanceId == _instanceId:
            {
                LastSequenceNr = rejected.Persistent.SequenceNr;
                var (e, _) = _pending.Dequeue();
                OnPersistRejected(rejected.Cause, e, rejected.Persistent.SequenceNr);
                break;
            }

            case WriteMessageFailure failure when failure.ActorInstanceId == _instanceId:
            {
                var (e, _) = _pending.Dequeue();
                try
                {
                    OnPersistFailure(failure.Cause, e, failure.Persistent.SequenceNr);
                }
                finally
                {
                    Context.Stop(Self);
                }

                return true;
            }

            default:
                // WriteMessagesSuccessful and WriteMessagesFailed (each write's own answer follows), or an answer to
                // an earlier incarnation.
                return true;
        }

        // A handler may persist again: that write goes once the one in flight is answered, and commands wait for it.
        if (--_inFlight == 0)
        {
            Flush();
        }

        if (_pending.Count == 0)
        {
            _phase = Phase.Processing;
            _internalStash!.UnstashAll();
        }

        return true;
    }

    // Sends what was persisted since the last write, as one WriteMessages, unless a write is still in flight (one at a
    // time, as with Akka's persistent actors); commands wait until every event is written and handled.
    private void Flush()
    {
        if (_batch is not { Count: > 0 } batch)
        {
            return;
        }

        _phase = Phase.Persisting;
        if (_inFlight > 0)
        {
            return;
        }

        _batch = null;
        foreach (var write in batch)
        {
            _inFlight += ((AtomicWrite)write).Size;
        }

        if (_direct is { } direct)
        {
            direct.Write(batch, Self, _instanceId);
        }
        else
        {
            Journal.Tell(new WriteMessages(batch, Self, _instanceId));
        }
    }

    private Persistent Represent(object @event)
    {
        if (_phase == Phase.Recovering)
        {
            throw new InvalidOperationException("An entity cannot persist while it recovers.");
        }

        return new Persistent(@event, ++_sequenceNr, PersistenceId, string.Empty, false, Sender, _writerGuid);
    }

    private TimeSpan RecoveryTimeout() =>
        RecoveryTimeouts.GetValue(Context.System, static _ => new ConcurrentDictionary<string, TimeSpan>())
            .GetOrAdd(JournalPluginId, static (id, system) =>
            {
                // The plugin's own setting, else Akka's fallback for every journal.
                var config = system.Settings.Config;
                var plugin = config.GetConfig(id.Length > 0 ? id : config.GetString("akka.persistence.journal.plugin"));
                return plugin is not null && plugin.HasPath("recovery-event-timeout")
                    ? plugin.GetTimeSpan("recovery-event-timeout", null, false)
                    : config.GetTimeSpan("akka.persistence.journal-plugin-fallback.recovery-event-timeout", TimeSpan.FromSeconds(30), false);
            }, Context.System);

    // The message of the recovery's deadline check.
    private sealed class RecoveryCheck
    {
        public static readonly RecoveryCheck Instance = new();
    }
}
