using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Every journal the engine configures replays what was written, in sequence order, without Akka's replay filter:
/// an entity has one writer at a time (its parent starts one incarnation), so the filter would only cost a child
/// actor per recovery. Events of two writers show it: the filter's default mode drops the older writer's later event.
/// </summary>
public sealed class ReplayFilterSpecs
{
    [Theory]
    [MemberData(nameof(NewEntityTests.Journals), MemberType = typeof(NewEntityTests))]
    public async Task A_recovery_replays_every_written_event_whichever_writer_wrote_it(string journal)
    {
        var directory = Directory.CreateTempSubdirectory("authactors-replay-").FullName;
        try
        {
            using var system = ActorSystem.Create("replay-filter", NewEntityTests.ConfigOf(journal, Path.Combine(directory, "journal.db")));
            var probe = new TestProbe(system, new Akka.TestKit.Xunit2.XunitAssertions());
            var journalRef = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
            foreach (var (seq, writer) in new[] { (1L, "a"), (2L, "b"), (3L, "a") })
            {
                journalRef.Tell(new WriteMessages([new AtomicWrite(new Persistent($"e-{seq}", seq, "p-1", string.Empty, false, ActorRefs.NoSender, writer))], probe.Ref, 1));
                probe.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
                probe.ExpectMsg<WriteMessageSuccess>();
            }

            journalRef.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-1", probe.Ref));
            Assert.Equal<object>(["e-1", "e-2", "e-3"], probe.ReceiveN(3, TimeSpan.FromSeconds(10)).Select(m => ((ReplayedMessage)m).Persistent.Payload));
            Assert.Equal(3, probe.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
            await system.Terminate();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
