using Akka.Actor;
using Akka.Persistence;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>What every journal the engine configures (<see cref="JournalSession.Journals"/>) does alike.</summary>
public sealed class EveryJournalSpecs
{
    /// <summary>
    /// Replays what was written, in sequence order, without Akka's replay filter: an entity has one writer at a time
    /// (its parent starts one incarnation), so the filter would only cost a child actor per recovery. Events of two
    /// writers show it: the filter's default mode drops the older writer's later event.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalSession.Journals), MemberType = typeof(JournalSession))]
    public async Task A_recovery_replays_every_written_event_whichever_writer_wrote_it(string journal)
    {
        await using var session = JournalSession.Start(journal, "replay-filter");
        foreach (var (seq, writer) in new[] { (1L, "a"), (2L, "b"), (3L, "a") })
        {
            var write = new AtomicWrite(new Persistent($"e-{seq}", seq, "p-1", string.Empty, false, ActorRefs.NoSender, writer));
            session.Journal.Tell(new WriteMessages([write], session.Probe.Ref, 1));
            session.Probe.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
            session.Probe.ExpectMsg<WriteMessageSuccess>();
        }

        session.ExpectReplay("p-1", ["e-1", "e-2", "e-3"], highest: 3);
    }

    /// <summary>
    /// Writes a large atomic write whole. Akka.Persistence.Sql sends a batch's rows as parameters of one multi-row
    /// INSERT: 1,000 events are 8,000 parameters, more than one SQLite statement may carry in older builds (999), so
    /// the write has to be split into statements inside its one transaction.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalSession.Journals), MemberType = typeof(JournalSession))]
    public async Task An_atomic_write_of_a_thousand_events_is_written_whole_and_replayed_in_order(string journal)
    {
        await using var session = JournalSession.Start(journal, "large-write");
        var payloads = Enumerable.Range(1, 1000).Select(seq => (object)$"e-{seq} '{new string('x', seq % 50)}'").ToArray();
        var events = payloads.Select((payload, i) =>
            (IPersistentRepresentation)new Persistent(payload, i + 1, "p-large", string.Empty, false, ActorRefs.NoSender, "w")).ToArray();
        session.Journal.Tell(new WriteMessages([new AtomicWrite([.. events])], session.Probe.Ref, 1));
        session.Probe.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(20));
        session.Probe.ReceiveN(1000, TimeSpan.FromSeconds(10)).ToList().ForEach(m => Assert.IsType<WriteMessageSuccess>(m));

        session.ExpectReplay("p-large", payloads, highest: 1000);
    }
}
