using Akka.Actor;
using Akka.Persistence;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Every journal the engine configures writes a large atomic write whole. Akka.Persistence.Sql sends a batch's rows
/// as parameters of one multi-row INSERT: 1,000 events are 8,000 parameters, more than one SQLite statement may carry
/// (999 in older builds), so the write has to be split into statements inside its one transaction.
/// </summary>
public sealed class LargeWriteSpecs
{
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
