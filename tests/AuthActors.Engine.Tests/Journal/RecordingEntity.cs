using Akka.Actor;
using Akka.Persistence;
using AuthActors.Engine.Entities.Internal;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// An <see cref="EventSourcedEntity"/> for the journal specs. A string command is persisted, and its handler answers
/// the command's sender <c>written {event}-{sequence number}</c>; <c>"twice"</c> persists <c>first</c>, whose handler
/// persists <c>then</c>; <c>"state"</c> answers <c>{events}@{last sequence number}</c>; an <see cref="Unwritable"/>
/// is persisted as it is; <see cref="DeleteTo"/> deletes. The probe hears of deletes, rejections, failed writes
/// (<c>rejected</c>/<c>failed {event}-{sequence number}: {message}</c>) and failed recoveries (the exception).
/// </summary>
internal sealed class RecordingEntity : EventSourcedEntity
{
    private readonly IActorRef _probe;
    private readonly List<string> _events = [];

    public RecordingEntity(string persistenceId, string journalPluginId, IActorRef probe)
    {
        PersistenceId = persistenceId;
        JournalPluginId = journalPluginId;
        _probe = probe;
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef probe, string journalPluginId = "") =>
        Akka.Actor.Props.Create(() => new RecordingEntity(persistenceId, journalPluginId, probe));

    protected override bool ReceiveRecover(object message)
    {
        if (message is string e)
        {
            _events.Add(e);
        }

        return true;
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case "state":
                Sender.Tell($"{string.Join(',', _events)}@{LastSequenceNr}");
                return true;
            case "twice":
                Persist("first", e =>
                {
                    _events.Add(e);
                    _probe.Tell($"written {e}-{LastSequenceNr}");
                    Persist("then", e2 =>
                    {
                        _events.Add(e2);
                        _probe.Tell($"written {e2}-{LastSequenceNr}");
                    });
                });
                return true;
            case string e:
                Persist(e, written =>
                {
                    _events.Add(written);
                    Sender.Tell($"written {written}-{LastSequenceNr}");
                });
                return true;
            case Unwritable u:
                Persist(u, _ => Sender.Tell("written unwritable"));
                return true;
            case DeleteTo delete:
                DeleteMessages(delete.SequenceNr);
                return true;
            case DeleteMessagesSuccess deleted:
                _probe.Tell($"deleted to {deleted.ToSequenceNr}");
                return true;
            default:
                return false;
        }
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        _probe.Tell($"rejected {@event.GetType().Name}-{sequenceNr}: {cause.Message}");

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        _probe.Tell($"failed {@event}-{sequenceNr}: {cause.Message}");

    protected override void OnRecoveryFailure(Exception reason) => _probe.Tell(reason);

    /// <summary>Delete the events up to <paramref name="SequenceNr"/>.</summary>
    public sealed record DeleteTo(long SequenceNr);
}
