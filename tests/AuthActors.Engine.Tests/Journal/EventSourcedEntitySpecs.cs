using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using AuthActors.Engine.Entities.Internal;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// The entities' own event sourcing (<see cref="EventSourcedEntity"/>) where a journal misbehaves in ways the engine's
/// tests with real journals do not reach: a journal that never answers a recovery, and an event persisted from the
/// handler of another.
/// </summary>
public sealed class EventSourcedEntitySpecs() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("""
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.journal.silent {
      class = "AuthActors.Engine.Tests.Journal.EventSourcedEntitySpecs+SilentJournal, AuthActors.Engine.Tests"
      plugin-dispatcher = "akka.actor.default-dispatcher"
      recovery-event-timeout = 300ms
    }
    """), "event-sourced-entity")
{
    [Fact]
    public void A_recovery_the_journal_never_answers_fails_after_the_journals_recovery_event_timeout_and_stops_the_entity()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("silent-1", TestActor, "akka.persistence.journal.silent"));
        Watch(entity);
        var failure = ExpectMsg<Exception>(TimeSpan.FromSeconds(3));
        Assert.IsType<RecoveryTimedOutException>(failure);
        ExpectTerminated(entity, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void An_event_persisted_by_a_handler_is_written_after_the_first_and_commands_wait_for_both()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("nested-1", TestActor));
        entity.Tell("twice");
        entity.Tell("state");
        ExpectMsg("written first-1");
        ExpectMsg("written then-2");
        Assert.Equal("first,then@2", ExpectMsg<string>());

        // A new incarnation replays both, in order.
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var again = Sys.ActorOf(RecordingEntity.Props("nested-1", TestActor));
        again.Tell("state");
        Assert.Equal("first,then@2", ExpectMsg<string>());
    }

    // A journal that takes every message and answers none.
    private sealed class SilentJournal : ReceiveActor
    {
        public SilentJournal() => ReceiveAny(_ => { });
    }
}
