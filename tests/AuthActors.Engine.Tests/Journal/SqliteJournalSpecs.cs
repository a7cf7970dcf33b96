using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;
using Akka.TestKit;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// The cases of Akka's persistence TCK journal spec (Akka.Persistence.TCK is not on the feed here, so they are written
/// out) against AuthActors' SQLite journal, talking to the journal actor as persistent actors do: write and replay
/// order, bounds and counts, the highest sequence number, deletes, rejections, atomic writes. Then what the group
/// commit adds: many writers at once, a failing write that fails alone, and the schema that Akka.Persistence.Sql reads
/// and writes too.
/// </summary>
public sealed class SqliteJournalSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "authactors-journal-" + Guid.NewGuid().ToString("N"));
    private readonly string _database;
    private readonly IActorRef _journal;
    private readonly TestProbe _probe;
    private readonly JournalProtocol _protocol;

    public SqliteJournalSpecs()
        : this(Path.Combine(PrepareDirectory(), Guid.NewGuid().ToString("N") + ".db"))
    {
    }

    private SqliteJournalSpecs(string database)
        : base(Config(database, own: true), "sqlite-journal")
    {
        _database = database;
        _journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        _probe = CreateTestProbe();
        _protocol = new JournalProtocol(_journal, _probe);
    }

    private static string PrepareDirectory()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Directory;
    }

    private static Config Config(string database, bool own)
    {
        var connectionString = $"Data Source={database}";
        JournalSetup.PrepareSqlite(connectionString);
        return ConfigurationFactory.ParseString("""
                akka.actor.serializers.refusing = "AuthActors.Engine.Tests.Journal.RefusingSerializer, AuthActors.Engine.Tests"
                akka.actor.serialization-bindings { "AuthActors.Engine.Tests.Journal.Unwritable, AuthActors.Engine.Tests" = refusing }
                akka.actor.serialization-identifiers { "AuthActors.Engine.Tests.Journal.RefusingSerializer, AuthActors.Engine.Tests" = 4711 }
                """)
            .WithFallback(JournalSetup.Hocon(JournalSetup.Sqlite, connectionString, new PersistenceOptions { SqliteJournal = own ? "AuthActors" : "AkkaPersistenceSql" }));
    }

    [Fact]
    public void The_journal_is_AuthActors_own_write_path()
    {
        Assert.Equal(SqliteJournal.ClassName, Sys.Settings.Config.GetString("akka.persistence.journal.sql.class"));
    }

    [Fact]
    public void Replays_all_messages_in_order()
    {
        _protocol.Write("p-1", 1, 5);
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events("p-1", 1, 5));
    }

    [Fact]
    public void Replays_from_a_lower_bound_to_an_upper_bound_and_up_to_a_count()
    {
        _protocol.Write("p-1", 1, 5);
        _protocol.ExpectReplay("p-1", 3, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events("p-1", 3, 5));
        _protocol.ExpectReplay("p-1", 1, 3, long.MaxValue, highest: 5, JournalProtocol.Events("p-1", 1, 3));
        _protocol.ExpectReplay("p-1", 2, 5, 2, highest: 5, JournalProtocol.Events("p-1", 2, 3));
    }

    [Fact]
    public void Replays_nothing_when_the_lower_bound_is_above_the_upper_or_the_count_is_zero()
    {
        _protocol.Write("p-1", 1, 5);
        _protocol.ExpectReplay("p-1", 3, 2, long.MaxValue, highest: 5);
        _protocol.ExpectReplay("p-1", 1, 5, 0, highest: 5);
    }

    [Fact]
    public void A_recovery_that_replays_nothing_leaves_nothing_behind_for_the_next()
    {
        // A recovery reads its events with the highest sequence number and replays them from that read; one that
        // replays nothing (Recovery.None: up to 0; or a count of 0) must not leave rows that a later one replays.
        _protocol.Write("p-1", 1, 5);
        _protocol.ExpectReplay("p-1", 1, 0, long.MaxValue, highest: 5);
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, 0, highest: 5);
        _protocol.Write("p-1", 6, 7);
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 7, JournalProtocol.Events("p-1", 1, 7));
        _protocol.ExpectReplay("p-1", 8, long.MaxValue, long.MaxValue, highest: 7);
    }

    [Theory]
    [InlineData("NULL")] // a row that names no serializer: the journal's own replay, which refuses it
    [InlineData("987654")] // a serializer this system does not have: the replay of what the recovery read
    public void A_row_that_cannot_be_read_fails_the_recovery_instead_of_being_left_out(string identifier)
    {
        _protocol.Write("p-1", 1, 3);
        Scalar($"UPDATE journal SET identifier = {identifier} WHERE persistence_id = 'p-1' AND sequence_number = 2; SELECT changes()");
        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-1", _probe.Ref));
        _probe.ExpectMsg<ReplayedMessage>();
        _probe.ExpectMsg<ReplayMessagesFailure>();
    }

    [Fact]
    public void An_unknown_persistence_id_replays_nothing_and_its_highest_sequence_number_is_zero()
    {
        _protocol.Write("p-1", 1, 3);
        _protocol.ExpectReplay("p-unknown", 1, long.MaxValue, long.MaxValue, highest: 0);
    }

    [Fact]
    public void Deleted_messages_are_not_replayed_and_the_highest_sequence_number_stays()
    {
        _protocol.Write("p-1", 1, 5);
        _journal.Tell(new DeleteMessagesTo("p-1", 3, _probe.Ref));
        Assert.Equal(3, _probe.ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events("p-1", 4, 5));

        _journal.Tell(new DeleteMessagesTo("p-1", long.MaxValue, _probe.Ref));
        _probe.ExpectMsg<DeleteMessagesSuccess>();
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 5);
        // One row stays, marked deleted, so that the sequence number never goes back (as Akka.Persistence.Sql does).
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = 'p-1'"));
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_rejected_and_the_others_are_written()
    {
        var writes = new[]
        {
            JournalProtocol.Atomic(_protocol.Persistent("p-1", 1, "a-1")),
            JournalProtocol.Atomic(_protocol.Persistent("p-1", 2, new Unwritable())),
            JournalProtocol.Atomic(_protocol.Persistent("p-1", 3, "a-3")),
        };
        _journal.Tell(new WriteMessages(writes, _probe.Ref, 1));
        _probe.ExpectMsg<WriteMessagesSuccessful>();
        Assert.Equal(1, _probe.ExpectMsg<WriteMessageSuccess>().Persistent.SequenceNr);
        var rejected = _probe.ExpectMsg<WriteMessageRejected>();
        Assert.Equal(2, rejected.Persistent.SequenceNr);
        Assert.IsType<SerializationException>(rejected.Cause);
        Assert.Equal(3, _probe.ExpectMsg<WriteMessageSuccess>().Persistent.SequenceNr);
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 3, "a-1", "a-3");
    }

    [Fact]
    public void An_atomic_write_of_several_events_is_written_whole()
    {
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-1", 1, "a-1"), _protocol.Persistent("p-1", 2, "a-2"), _protocol.Persistent("p-1", 3, "a-3"))], _probe.Ref, 1));
        _probe.ExpectMsg<WriteMessagesSuccessful>();
        _probe.ExpectMsg<WriteMessageSuccess>();
        _probe.ExpectMsg<WriteMessageSuccess>();
        _probe.ExpectMsg<WriteMessageSuccess>();
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 3, "a-1", "a-2", "a-3");
    }

    [Fact]
    public void Replayed_events_carry_their_persistence_id_sequence_number_and_writer()
    {
        _protocol.Write("p-1", 1, 2);
        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-1", _probe.Ref));
        var first = _probe.ExpectMsg<ReplayedMessage>().Persistent;
        Assert.Equal("p-1", first.PersistenceId);
        Assert.Equal(1L, first.SequenceNr);
        Assert.Equal(_protocol.WriterGuid, first.WriterGuid);
        Assert.False(first.IsDeleted);
        Assert.Equal(ActorRefs.NoSender, first.Sender);
        Assert.Equal(2L, _probe.ExpectMsg<ReplayedMessage>().Persistent.SequenceNr);
        Assert.Equal(2L, _probe.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
    }

    [Fact]
    public void Many_writers_at_once_share_transactions_and_every_event_is_written_in_order()
    {
        // 40 persistent actors each send 10 single-event writes without waiting, as 40 concurrent logins do.
        var probes = Enumerable.Range(0, 40).Select(_ => CreateTestProbe()).ToArray();
        for (var seq = 1; seq <= 10; seq++)
        {
            for (var p = 0; p < probes.Length; p++)
            {
                _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent($"w-{p}", seq, $"w-{p}-{seq}"))], probes[p].Ref, 1));
            }
        }

        foreach (var probe in probes)
        {
            for (var seq = 1; seq <= 10; seq++)
            {
                probe.ExpectMsg<WriteMessagesSuccessful>();
                Assert.Equal(seq, probe.ExpectMsg<WriteMessageSuccess>().Persistent.SequenceNr);
            }
        }

        for (var p = 0; p < probes.Length; p++)
        {
            _protocol.ExpectReplay($"w-{p}", 1, long.MaxValue, long.MaxValue, highest: 10, Enumerable.Range(1, 10).Select(seq => $"w-{p}-{seq}"));
        }

        Assert.Equal(400, Scalar("SELECT COUNT(*) FROM journal"));
    }

    [Fact]
    public void A_write_of_a_sequence_number_already_written_fails_alone()
    {
        _protocol.Write("p-1", 1, 1);
        var other = CreateTestProbe();
        // Sent back to back, so they are likely committed in one transaction: the duplicate fails, the other is written.
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-1", 1, "again"))], _probe.Ref, 1));
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-2", 1, "b-1"))], other.Ref, 1));
        _probe.ExpectMsg<WriteMessagesFailed>();
        Assert.IsType<SqliteException>(_probe.ExpectMsg<WriteMessageFailure>().Cause);
        other.ExpectMsg<WriteMessagesSuccessful>();
        other.ExpectMsg<WriteMessageSuccess>();
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 1, "p-1-1");
        _protocol.ExpectReplay("p-2", 1, long.MaxValue, long.MaxValue, highest: 1, "b-1");
    }

    [Fact]
    public void In_one_transaction_a_write_that_fails_sends_back_only_itself()
    {
        _protocol.Write("p-1", 1, 1);
        var first = CreateTestProbe();
        var duplicate = CreateTestProbe();
        var tagged = CreateTestProbe();
        var after = CreateTestProbe();
        using (var holder = new SqliteConnection($"Data Source={_database}"))
        {
            // Another connection holds the write lock: the journal's writer takes the first write and waits for the
            // lock, and the three that follow queue up behind it, so they are committed together, in one transaction.
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-0", 1, "p-0-1"))], first.Ref, 1));
            Thread.Sleep(300);
            _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-2", 1, "p-2-1"))], after.Ref, 1));
            _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-1", 1, "again"))], duplicate.Ref, 1));
            _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-3", 1, new Tagged("p-3-1", ["red"])))], tagged.Ref, 1));
            Thread.Sleep(300);
            using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        first.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
        after.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
        duplicate.ExpectMsg<WriteMessagesFailed>(TimeSpan.FromSeconds(10));
        Assert.IsType<SqliteException>(duplicate.ExpectMsg<WriteMessageFailure>().Cause);
        tagged.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 1, "p-1-1");
        _protocol.ExpectReplay("p-2", 1, long.MaxValue, long.MaxValue, highest: 1, "p-2-1");
        _protocol.ExpectReplay("p-3", 1, long.MaxValue, long.MaxValue, highest: 1, "p-3-1");
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM tags WHERE persistence_id = 'p-3'"));
        Assert.Equal(4, Scalar("SELECT COUNT(*) FROM journal"));
    }

    [Fact]
    public void Tags_go_to_the_tags_table_and_the_event_is_replayed_without_them()
    {
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("p-1", 1, new Tagged("a-1", ["red", "blue"])))], _probe.Ref, 1));
        _probe.ExpectMsg<WriteMessagesSuccessful>();
        _probe.ExpectMsg<WriteMessageSuccess>();
        _protocol.ExpectReplay("p-1", 1, long.MaxValue, long.MaxValue, highest: 1, "a-1");
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM tags WHERE persistence_id = 'p-1' AND sequence_nr = 1 AND tag IN ('red', 'blue')"));
        // Akka.Persistence.Sql's tag queries join on the event's ordering: each tag row must carry its event's.
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM tags t JOIN journal j ON j.ordering = t.ordering_id WHERE j.persistence_id = 'p-1' AND j.sequence_number = 1"));
    }

    [Fact]
    public void Columns_hold_text_as_text_and_an_empty_manifest_or_writer_as_empty_text_not_null_whatever_the_length()
    {
        // 300 two-byte characters: past the 512 bytes that the writer encodes on the stack.
        var longId = "p-" + new string('é', 300);
        var written = new Akka.Persistence.Persistent(new byte[] { 1, 2, 3 }, 1, longId, string.Empty, false, ActorRefs.NoSender, null);
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(written)], _probe.Ref, 1));
        _probe.ExpectMsg<WriteMessagesSuccessful>();
        _probe.ExpectMsg<WriteMessageSuccess>();

        using var connection = new SqliteConnection($"Data Source={_database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(persistence_id), typeof(manifest), manifest, typeof(writer_uuid) || ':' || writer_uuid, hex(message), identifier FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", longId);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "the row is found by its full persistence id");
        Assert.Equal("text", reader.GetString(0));
        Assert.Equal("text", reader.GetString(1)); // ByteArraySerializer has no manifest: an empty string, not NULL
        Assert.Equal(string.Empty, reader.GetString(2));
        Assert.Equal("text:", reader.GetString(3)); // Akka writes a missing writer as Persistent.Undefined, the empty string
        Assert.Equal("010203", reader.GetString(4));
        Assert.Equal(4L, reader.GetInt64(5)); // Akka's ByteArraySerializer

        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, longId, _probe.Ref));
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])_probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
        _probe.ExpectMsg<RecoverySuccess>();
    }

    [Fact]
    public void An_event_serialized_to_no_bytes_is_written_and_replayed_empty()
    {
        var written = new Akka.Persistence.Persistent(Array.Empty<byte>(), 1, "p-empty", string.Empty, false, ActorRefs.NoSender, _protocol.WriterGuid);
        _journal.Tell(new WriteMessages([JournalProtocol.Atomic(written)], _probe.Ref, 1));
        _probe.ExpectMsg<WriteMessagesSuccessful>();
        _probe.ExpectMsg<WriteMessageSuccess>();
        Assert.Equal(0, Scalar("SELECT length(message) FROM journal WHERE persistence_id = 'p-empty' AND message IS NOT NULL"));

        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "p-empty", _probe.Ref));
        Assert.Empty((byte[])_probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
        _probe.ExpectMsg<RecoverySuccess>();
    }

    [Fact]
    public void Created_holds_the_write_time_in_utc_ticks_as_the_janitor_expects()
    {
        var before = DateTime.UtcNow.Ticks;
        _protocol.Write("p-1", 1, 1);
        var after = DateTime.UtcNow.Ticks;
        Assert.InRange(Scalar("SELECT created FROM journal WHERE persistence_id = 'p-1'"), before, after);
    }

    [Fact]
    public async Task What_one_journal_writes_Akka_Persistence_Sql_reads_and_the_other_way_round()
    {
        _protocol.Write("mine", 1, 3);
        _journal.Tell(new DeleteMessagesTo("mine", 1, _probe.Ref));
        _probe.ExpectMsg<DeleteMessagesSuccess>();
        await Sys.Terminate();

        // Akka.Persistence.Sql's own journal on the same file: it replays ours, and writes rows of its own.
        using (var theirs = ActorSystem.Create("akka-persistence-sql", Config(_database, own: false)))
        {
            var probe = new TestProbe(theirs, new Akka.TestKit.Xunit2.XunitAssertions());
            var journal = Akka.Persistence.Persistence.Instance.Apply(theirs).JournalFor(null);
            journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "mine", probe.Ref));
            Assert.Equal("mine-2", probe.ExpectMsg<ReplayedMessage>(TimeSpan.FromSeconds(10)).Persistent.Payload);
            Assert.Equal("mine-3", probe.ExpectMsg<ReplayedMessage>().Persistent.Payload);
            Assert.Equal(3, probe.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
            journal.Tell(new WriteMessages([JournalProtocol.Atomic(_protocol.Persistent("theirs", 1, "theirs-1")), JournalProtocol.Atomic(_protocol.Persistent("mine", 4, "mine-4"))], probe.Ref, 1));
            probe.ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
            probe.ExpectMsg<WriteMessageSuccess>();
            probe.ExpectMsg<WriteMessageSuccess>();
            await theirs.Terminate();
        }

        using var ours = ActorSystem.Create("authactors-again", Config(_database, own: true));
        var again = new TestProbe(ours, new Akka.TestKit.Xunit2.XunitAssertions());
        var ourJournal = Akka.Persistence.Persistence.Instance.Apply(ours).JournalFor(null);
        ourJournal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "theirs", again.Ref));
        Assert.Equal("theirs-1", again.ExpectMsg<ReplayedMessage>(TimeSpan.FromSeconds(10)).Persistent.Payload);
        Assert.Equal(1, again.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
        ourJournal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "mine", again.Ref));
        var replayed = new[] { again.ExpectMsg<ReplayedMessage>(), again.ExpectMsg<ReplayedMessage>(), again.ExpectMsg<ReplayedMessage>() };
        Assert.Equal<object>(["mine-2", "mine-3", "mine-4"], replayed.Select(r => r.Persistent.Payload));
        Assert.Equal(4, again.ExpectMsg<RecoverySuccess>().HighestSequenceNr);
        await ours.Terminate();
    }

    public new void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in System.IO.Directory.GetFiles(Directory, Path.GetFileName(_database) + "*"))
        {
            File.Delete(file);
        }
    }


    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>An event the test's serializer refuses to write.</summary>
public sealed class Unwritable;

/// <summary>Refuses every object: to check that a rejected write leaves the others written.</summary>
public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw new SerializationException("This event cannot be written.");

    public override object FromBinary(byte[] bytes, Type? type) => throw new SerializationException("This event cannot be read.");
}
