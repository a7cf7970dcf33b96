using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// The entities' direct calls into the SQLite journal (<see cref="IDirectJournal"/>), which skip Akka's
/// <c>AsyncWriteJournal</c>: they must keep its contract for an entity. A persisted event's handler runs once the
/// row is committed, with the sender of the command that persisted it; a recovery replays what was written, in order,
/// through either path; an event that cannot be serialized is rejected and the entity goes on; a write the journal
/// cannot take fails and stops the entity.
/// </summary>
public sealed class DirectJournalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly string _database;
    private readonly IActorRef _journal;

    public DirectJournalSpecs()
        : this(Path.Combine(Path.GetTempPath(), "authactors-journal-" + Guid.NewGuid().ToString("N") + ".db"))
    {
    }

    private DirectJournalSpecs(string database)
        : base(Config(database, string.Empty), "direct-journal")
    {
        _database = database;
        _journal = StartedAsync(Sys).GetAwaiter().GetResult();
    }

    private static Config Config(string database, string extra)
    {
        var connectionString = $"Data Source={database}";
        JournalSetup.PrepareSqlite(connectionString);
        return ConfigurationFactory.ParseString(extra + """

                akka.actor.serializers.refusing = "AuthActors.Engine.Tests.Journal.RefusingSerializer, AuthActors.Engine.Tests"
                akka.actor.serialization-bindings { "AuthActors.Engine.Tests.Journal.Unwritable, AuthActors.Engine.Tests" = refusing }
                akka.actor.serialization-identifiers { "AuthActors.Engine.Tests.Journal.RefusingSerializer, AuthActors.Engine.Tests" = 4711 }
                """)
            .WithFallback(JournalSetup.Hocon(JournalSetup.Sqlite, connectionString, new PersistenceOptions { SqliteJournal = "AuthActors" }));
    }

    // The default journal, once its PreStart has run (it registers its direct calls there).
    private static async Task<IActorRef> StartedAsync(ActorSystem system)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        await journal.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10));
        return journal;
    }

    [Fact]
    public void Entities_write_and_recover_through_the_SQLite_journal_without_its_actor()
    {
        Assert.NotNull(DirectJournals.Find(_journal));
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-1", TestActor));
        entity.Tell("a");
        entity.Tell("b");
        // Each handler answers the command's sender (the test) once its row is committed.
        ExpectMsg("written a-1");
        ExpectMsg("written b-2");
        Assert.Equal(["a", "b"], Rows("direct-1"));

        // A new incarnation replays both (the direct recovery), then writes after them.
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var again = Sys.ActorOf(RecordingEntity.Props("direct-1", TestActor));
        again.Tell("state");
        ExpectMsg("a,b@2");
        again.Tell("c");
        ExpectMsg("written c-3");

        // The journal's own replay reads the same rows.
        var probe = CreateTestProbe();
        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "direct-1", probe.Ref));
        Assert.Equal("a", probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
        Assert.Equal("b", probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
        Assert.Equal("c", probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
        Assert.Equal(3, probe.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
    }

    // The recovery of an entity is read on its own thread while it starts: the answers are all there when the call
    // returns, so the entity takes them in the same run of its mailbox (no reader task, no second run for the answers).
    [Fact]
    public void A_direct_recovery_has_sent_every_answer_when_it_returns()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-6", TestActor));
        entity.Tell("a");
        entity.Tell("b");
        ExpectMsg("written a-1");
        ExpectMsg("written b-2");

        // A reference that keeps what it is told on the teller's thread: what it holds when the call returns was sent before.
        var answers = new Recorder(Sys);
        Assert.True(DirectJournals.Find(_journal)!.ReplayAll("direct-6", answers));
        Assert.Equal(3, answers.Messages.Count);
        Assert.Equal(["a", "b"], answers.Messages.Take(2).Select(m => ((ReplayedMessage)m).Persistent.Payload));
        Assert.Equal(2, ((RecoverySuccess)answers.Messages[2]).HighestSequenceNr);

        // An id with no rows: at once, a recovery of nothing.
        var none = new Recorder(Sys);
        Assert.True(DirectJournals.Find(_journal)!.ReplayAll("direct-none", none));
        Assert.Equal(0, Assert.IsType<RecoverySuccess>(Assert.Single(none.Messages)).HighestSequenceNr);
    }

    private sealed class Recorder(ActorSystem system) : MinimalActorRef
    {
        public List<object> Messages { get; } = [];

        public override ActorPath Path { get; } = new RootActorPath(Address.AllSystems) / "recorder";

        public override IActorRefProvider Provider => ((ExtendedActorSystem)system).Provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            lock (Messages)
            {
                Messages.Add(message);
            }
        }
    }

    [Fact]
    public void A_recovery_after_a_delete_replays_what_is_left_and_writes_after_the_highest_sequence_number()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-4", TestActor));
        entity.Tell("a");
        entity.Tell("b");
        entity.Tell("c");
        ExpectMsg("written a-1");
        ExpectMsg("written b-2");
        ExpectMsg("written c-3");
        entity.Tell(new RecordingEntity.DeleteTo(3));
        ExpectMsg("deleted to 3");

        // Every row is deleted (the journal keeps the highest one, marked): the next write is 4, not 1.
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var again = Sys.ActorOf(RecordingEntity.Props("direct-4", TestActor));
        again.Tell("state");
        ExpectMsg("@3");
        again.Tell("d");
        ExpectMsg("written d-4");
        Assert.Equal(["d"], Rows("direct-4"));
    }

    [Theory]
    [InlineData("NULL")] // a row that names no serializer: handed to the journal's own replay, which refuses it
    [InlineData("987654")] // a serializer this system does not have: the reader's replay throws
    public void A_row_that_cannot_be_read_fails_the_recovery_and_stops_the_entity(string identifier)
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-5", TestActor));
        entity.Tell("a");
        entity.Tell("b");
        ExpectMsg("written a-1");
        ExpectMsg("written b-2");
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        using (var connection = new SqliteConnection($"Data Source={_database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE journal SET identifier = {identifier} WHERE persistence_id = 'direct-5' AND sequence_number = 2";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var again = Sys.ActorOf(RecordingEntity.Props("direct-5", TestActor));
        Watch(again);
        ExpectMsg<Exception>(TimeSpan.FromSeconds(10));
        ExpectTerminated(again);
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_rejected_not_written_and_the_entity_goes_on()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-2", TestActor));
        entity.Tell(new Unwritable());
        Assert.StartsWith("rejected Unwritable-1: ", ExpectMsg<string>());
        entity.Tell("after");
        ExpectMsg("written after-2");
        Assert.Equal(["after"], Rows("direct-2"));
    }

    [Fact]
    public void A_write_the_journal_cannot_take_fails_and_stops_the_entity()
    {
        var entity = Sys.ActorOf(RecordingEntity.Props("direct-3", TestActor));
        entity.Tell("first");
        ExpectMsg("written first-1");

        // The journal stops (its writer finishes what is queued); the entity's next write has nowhere to go.
        Watch(_journal);
        Sys.Stop(_journal);
        ExpectTerminated(_journal);
        Assert.Null(DirectJournals.Find(_journal));
        Watch(entity);
        entity.Tell("second");
        Assert.StartsWith("failed second-2: ", ExpectMsg<string>());
        ExpectTerminated(entity);
        Assert.Equal(["first"], Rows("direct-3"));
    }

    [Fact]
    public async Task A_journal_with_event_adapters_offers_no_direct_calls()
    {
        var database = Path.Combine(Path.GetTempPath(), "authactors-journal-" + Guid.NewGuid().ToString("N") + ".db");
        using var adapted = ActorSystem.Create("adapted", Config(database, """
            akka.persistence.journal.sql.event-adapters.tagging = "AuthActors.Engine.Tests.Journal.DirectJournalSpecs+Tagging, AuthActors.Engine.Tests"
            akka.persistence.journal.sql.event-adapter-bindings { "System.String" = tagging }
            """));
        var journal = await StartedAsync(adapted);
        Assert.Null(DirectJournals.Find(journal));

        // Its entities go through the journal's actor, which runs the adapter (a tag, in the tags table).
        var probe = new Akka.TestKit.TestProbe(adapted, new Akka.TestKit.Xunit2.XunitAssertions());
        var entity = adapted.ActorOf(RecordingEntity.Props("adapted-1", probe.Ref));
        entity.Tell("tagged", probe.Ref);
        probe.ExpectMsg("written tagged-1", TimeSpan.FromSeconds(10));
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tag FROM tags WHERE persistence_id = 'adapted-1'";
        Assert.Equal("adapted", command.ExecuteScalar());
        await adapted.Terminate();
    }

    // The payloads of an entity's rows that are not deleted, in order, read by the system's serialization.
    private List<string> Rows(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={_database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message, identifier, manifest FROM journal WHERE persistence_id = $pid AND deleted = 0 ORDER BY sequence_number";
        command.Parameters.AddWithValue("$pid", persistenceId);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add((string)Sys.Serialization.Deserialize((byte[])reader.GetValue(0), reader.GetInt32(1), reader.IsDBNull(2) ? string.Empty : reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>Tags every string event "adapted".</summary>
    public sealed class Tagging : Akka.Persistence.Journal.IWriteEventAdapter
    {
        public string Manifest(object evt) => string.Empty;

        public object ToJournal(object evt) => new Akka.Persistence.Journal.Tagged(evt, ["adapted"]);
    }
}
