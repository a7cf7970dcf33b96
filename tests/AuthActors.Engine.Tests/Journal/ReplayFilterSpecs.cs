using Akka.Actor;
using Akka.Persistence;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Every journal the engine configures replays what was written, in sequence order, without Akka's replay filter:
/// an entity has one writer at a time (its parent starts one incarnation), so the filter would only cost a child
/// actor per recovery. Events of two writers show it: the filter's default mode drops the older writer's later event.
/// </summary>
public sealed class ReplayFilterSpecs
{
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
}
