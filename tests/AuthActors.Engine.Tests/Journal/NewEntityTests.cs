using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// A login's attempt is known to be new when its begin has just drawn its id: its recovery is complete at once,
/// without asking the journal. A local shard says so only to the first incarnation started for a begin that says so;
/// every other recovery reads the journal.
/// </summary>
public sealed class NewEntityTests
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";


    [Fact]
    public async Task A_local_shard_starts_only_the_first_incarnation_for_a_begin_as_new()
    {
        using var system = ActorSystem.Create("local-shard-new");
        var probe = new TestProbe(system, new Akka.TestKit.Xunit2.XunitAssertions());
        var shard = system.ActorOf(LocalShard.Props(
            (id, isNew) => Props.Create(() => new Reporting(probe.Ref, isNew)),
            m => (m as Message)?.Id,
            id => id,
            _ => null,
            m => m is Message { New: true }));

        shard.Tell(new Message("a", New: true, Passivate: false));
        Assert.Equal(("a", true), probe.ExpectMsg<(string, bool)>());
        shard.Tell(new Message("b", New: false, Passivate: false));
        Assert.Equal(("b", false), probe.ExpectMsg<(string, bool)>());

        // A live entity is not started again.
        shard.Tell(new Message("b", New: true, Passivate: false));
        Assert.Equal(("b", false), probe.ExpectMsg<(string, bool)>());

        // A message held while the entity stops starts its next incarnation, which is not new whatever the message says.
        shard.Tell(new Message("a", New: false, Passivate: true));
        probe.ExpectMsg("stopping");
        shard.Tell(new Message("a", New: true, Passivate: false));
        Assert.Equal(("a", false), probe.ExpectMsg<(string, bool)>(TimeSpan.FromSeconds(5)));
        await system.Terminate();
    }

    [Fact]
    public async Task Begun_logins_do_not_ask_the_journal_and_their_attempts_are_written_from_the_first_sequence_number()
    {
        // The journal publishes every recovery it is asked for (ReplayMessages) to the event stream.
        await using var engine = await EngineHarness.StartAsync("""
            authactors.attempt.active-limit = 5
            akka.persistence.publish-plugin-commands = on
            """);
        var replays = new TestProbe(engine.System!, new Akka.TestKit.Xunit2.XunitAssertions());
        engine.System!.EventStream.Subscribe(replays.Ref, typeof(ReplayMessages));
        var begun = new List<Flows.BeginResult>();
        for (var i = 0; i < 20; i++)
        {
            var result = await engine.Flows.BeginAsync("dev2", Callback);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            begun.Add(result);
        }

        replays.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        using (var connection = new SqliteConnection($"Data Source={engine.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MIN(sequence_number), COUNT(DISTINCT persistence_id) FROM journal WHERE persistence_id LIKE 'attempt-dev2-%'";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(1, reader.GetInt64(0));
            Assert.Equal(20, reader.GetInt64(1));
        }

        // Over the active limit the first ones passivated: their callbacks recover them from the journal (a read).
        foreach (var attempt in begun.Take(3))
        {
            var callback = await Browser.ApproveAsync(attempt.AuthorizeUrl!);
            var completed = await engine.Flows.CompleteAsync("dev2", null, callback, attempt.BindingSecret);
            Assert.True(completed.IsSuccess, completed.Failure?.ToString());
            var replay = replays.FishForMessage<ReplayMessages>(r => r.PersistenceId.StartsWith("attempt-", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Equal(AuthorizationAttempt.PersistenceId("dev2", attempt.AttemptId), replay.PersistenceId);
        }
    }

    private sealed record Message(string Id, bool New, bool Passivate);

    private sealed class Reporting : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Reporting(IActorRef probe, bool isNew)
        {
            Receive<Message>(m =>
            {
                if (m.Passivate)
                {
                    LocalShard.Parent.Passivate(Context, "stop");
                    return;
                }

                probe.Tell((m.Id, isNew));
            });
            // The shard holds what comes from now on; the entity takes a while to stop, so the test can send it something.
            Receive<string>(stop => stop == "stop", _ =>
            {
                probe.Tell("stopping");
                Timers.StartSingleTimer("stop", PoisonPill.Instance, TimeSpan.FromMilliseconds(300));
            });
        }
    }
}
