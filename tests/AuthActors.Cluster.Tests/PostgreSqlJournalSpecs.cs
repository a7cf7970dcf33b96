using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Persistence;
using Akka.TestKit;
using AuthActors.Cluster.Tests.Support;
using AuthActors.Engine.Tests.Journal;
using AuthActors.Hosting.Persistence;
using AuthActors.Hosting.PostgreSql;
using Npgsql;

namespace AuthActors.Cluster.Tests;

/// <summary>A throwaway PostgreSQL for one test class.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The PostgreSQL journal as the engine configures it (Akka.Persistence.Sql's journal with one write stream, and the
/// highest sequence number read with one statement outside a transaction), talked to as persistent actors do, on a real
/// server: the cases of Akka's persistence TCK journal spec that the highest sequence number decides, and a recovery
/// that starts while its entity's write is still on the way.
/// </summary>
public sealed class PostgreSqlJournalSpecs : Akka.TestKit.Xunit2.TestKit, IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly IActorRef _journal;
    private readonly TestProbe _probe;
    private readonly JournalProtocol _protocol;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly PostgresServer _server;

    public PostgreSqlJournalSpecs(PostgresFixture fixture)
        : base(Setup(fixture.Server), "postgresql-journal")
    {
        _server = fixture.Server;
        _journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        _probe = CreateTestProbe();
        _protocol = new JournalProtocol(_journal, _probe, Wait);
    }

    // What WithAuthActorsPersistence gives an engine node on PostgreSQL: the journal's HOCON and the dialect's setup.
    private static ActorSystemSetup Setup(PostgresServer server)
    {
        var dialect = AuthActorsPostgreSqlExtensions.Dialect;
        var connectionString = JournalSetup.ConnectionStringOf(dialect, new Hosting.Options.PersistenceOptions { ConnectionString = server.ConnectionString }, Path.GetTempPath());
        var config = JournalSetup.Hocon(dialect, connectionString);
        var directReads = JournalSetup.DirectReads(dialect) ?? throw new InvalidOperationException("The PostgreSQL dialect reads through Akka.Persistence.Sql.");
        return BootstrapSetup.Create().WithConfig(config).And(directReads);
    }

    [Fact]
    public void The_journal_has_one_write_stream_sends_rows_as_parameters_and_reads_the_highest_sequence_number_itself()
    {
        Assert.Equal(1, Sys.Settings.Config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.True(Sys.Settings.Config.GetBoolean("akka.persistence.journal.sql.prefer-parameters-on-multirow-insert"));
        Assert.True(Sys.Settings.Setup.Get<DirectReadsSetup>().HasValue);
    }

    [Fact]
    public void Batches_from_many_writers_replay_every_payload_exactly_as_written()
    {
        // Writes that queue behind each other go in as one multi-row INSERT whose rows are parameters: payloads
        // with quotes, backslashes, NULs and non-ASCII text, in atomic writes of one to five events, come back unchanged.
        const int writers = 20;
        var ids = Enumerable.Range(0, writers).Select(w => Id($"batch-{w}")).ToArray();
        var probes = ids.Select(_ => CreateTestProbe()).ToArray();
        for (var w = 0; w < writers; w++)
        {
            var events = Enumerable.Range(1, 1 + w % 5).Select(seq => _protocol.Persistent(ids[w], seq, Payload(ids[w], seq))).ToArray();
            _journal.Tell(new WriteMessages([JournalProtocol.Atomic(events)], probes[w].Ref, 1));
        }

        for (var w = 0; w < writers; w++)
        {
            probes[w].ExpectMsg<WriteMessagesSuccessful>(Wait);
            _protocol.ExpectReplay(ids[w], 1, long.MaxValue, long.MaxValue, highest: 1 + w % 5,
                Enumerable.Range(1, 1 + w % 5).Select(seq => Payload(ids[w], seq)));
        }

        static string Payload(string id, int seq) => $"{id}-{seq} it's \\x00 \0 'quoted' \"double\" ünïcødé {new string('x', seq * 97)}";
    }

    [Fact]
    public void The_highest_sequence_number_is_the_last_written_from_any_lower_bound()
    {
        var id = Id("p");
        _protocol.Write(id, 1, 5);
        _protocol.ExpectReplay(id, 1, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events(id, 1, 5));
        _protocol.ExpectReplay(id, 4, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events(id, 4, 5));
        _protocol.ExpectReplay(id, 1, 2, long.MaxValue, highest: 5, JournalProtocol.Events(id, 1, 2));
    }

    [Fact]
    public void An_unknown_persistence_id_replays_nothing_and_its_highest_sequence_number_is_zero()
    {
        _protocol.Write(Id("known"), 1, 3);
        _protocol.ExpectReplay(Id("unknown"), 1, long.MaxValue, long.MaxValue, highest: 0);
    }

    [Fact]
    public void Deleted_messages_are_not_replayed_and_the_highest_sequence_number_stays()
    {
        var id = Id("p");
        _protocol.Write(id, 1, 5);
        _journal.Tell(new DeleteMessagesTo(id, 3, _probe.Ref));
        Assert.Equal(3, _probe.ExpectMsg<DeleteMessagesSuccess>(Wait).ToSequenceNr);
        _protocol.ExpectReplay(id, 1, long.MaxValue, long.MaxValue, highest: 5, JournalProtocol.Events(id, 4, 5));

        _journal.Tell(new DeleteMessagesTo(id, long.MaxValue, _probe.Ref));
        _probe.ExpectMsg<DeleteMessagesSuccess>(Wait);
        _protocol.ExpectReplay(id, 1, long.MaxValue, long.MaxValue, highest: 5);

        // A new incarnation continues after the deleted events, never below them.
        _protocol.Write(id, 6, 6);
        _protocol.ExpectReplay(id, 1, long.MaxValue, long.MaxValue, highest: 6, JournalProtocol.Events(id, 6, 6));
    }

    [Fact]
    public void A_replay_keeps_to_its_bounds_and_its_limit_and_gives_back_each_event_in_order()
    {
        var id = Id("p");
        _protocol.Write(id, 1, 5);
        _protocol.ExpectReplay(id, 1, long.MaxValue, 2, highest: 5, JournalProtocol.Events(id, 1, 2));
        _protocol.ExpectReplay(id, 3, 4, long.MaxValue, highest: 5, JournalProtocol.Events(id, 3, 4));
        _protocol.ExpectReplay(id, 6, long.MaxValue, long.MaxValue, highest: 0);

        // A recovery that replays nothing (Recovery.None: up to 0; or a count of 0) learns the highest, and leaves
        // nothing behind that a later recovery would replay instead of the journal's rows.
        _protocol.ExpectReplay(id, 1, 0, long.MaxValue, highest: 5);
        _protocol.ExpectReplay(id, 1, long.MaxValue, 0, highest: 5);
        _protocol.Write(id, 6, 6);
        _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, id, _probe.Ref));
        for (var seq = 1; seq <= 6; seq++)
        {
            var replayed = _probe.ExpectMsg<ReplayedMessage>(Wait).Persistent;
            Assert.Equal((seq, id, $"{id}-{seq}", false), (replayed.SequenceNr, replayed.PersistenceId, replayed.Payload, replayed.IsDeleted));
            Assert.False(string.IsNullOrEmpty(replayed.WriterGuid)); // the journal's own writer id, as Akka.Persistence.Sql stores it
        }

        Assert.Equal(6, _probe.ExpectMsg<RecoverySuccess>(Wait).HighestSequenceNr);
    }

    [Fact]
    public async Task The_recovery_of_an_entity_with_events_is_one_statement_outside_a_transaction()
    {
        // Akka.Persistence.Sql alone: a SELECT MAX, then BEGIN, the SELECT of the events and COMMIT. The server's
        // statement log between two markers shows what the journal sent for one recovery.
        var id = Id("logged");
        _protocol.Write(id, 1, 3);
        await _server.SetAsync("log_statement", "all");
        try
        {
            await MarkAsync($"{id}-start");
            _protocol.ExpectReplay(id, 1, long.MaxValue, long.MaxValue, highest: 3, JournalProtocol.Events(id, 1, 3));
            await MarkAsync($"{id}-end");
        }
        finally
        {
            await _server.SetAsync("log_statement", null);
        }

        var log = _server.LogLines();
        var start = Array.FindIndex(log.ToArray(), l => l.Contains($"{id}-start", StringComparison.Ordinal));
        var end = Array.FindIndex(log.ToArray(), l => l.Contains($"{id}-end", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, "the markers are in the server's log");
        var statements = log.Skip(start + 1).Take(end - start - 1)
            .Where(l => l.Contains("LOG:  statement:", StringComparison.Ordinal) || l.Contains("LOG:  execute", StringComparison.Ordinal)).ToList();
        var statement = Assert.Single(statements);
        Assert.Contains("ORDER BY", statement, StringComparison.Ordinal);
    }

    private async Task MarkAsync(string marker)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_server.Port};Username=postgres;Database=authactors;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT '{marker}'", connection);
        await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task A_recovery_that_starts_while_its_entity_is_still_writing_sees_that_write()
    {
        // As an entity that fails during a persist and restarts at once: the replay is sent right behind the write,
        // which is still with the server (500 events in one transaction) when the highest sequence number is asked for.
        for (var round = 0; round < 5; round++)
        {
            var id = Id($"busy-{round}");
            var writes = Enumerable.Range(1, 500).Select(seq => JournalProtocol.Atomic(_protocol.Persistent(id, seq, $"{id}-{seq}"))).ToArray();
            var writer = CreateTestProbe();
            _journal.Tell(new WriteMessages(writes, writer.Ref, 1));
            _journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, id, _probe.Ref));

            var replayed = 0;
            object message;
            while ((message = _probe.ExpectMsg<object>(Wait)) is ReplayedMessage)
            {
                replayed++;
            }

            Assert.Equal(500, Assert.IsType<RecoverySuccess>(message).HighestSequenceNr);
            Assert.Equal(500, replayed);
            writer.ExpectMsg<WriteMessagesSuccessful>(Wait);
        }

        Assert.Equal(2500, await ScalarAsync($"SELECT COUNT(*) FROM journal WHERE persistence_id LIKE '{_run}-busy-%'"));
    }

    private string Id(string name) => $"{_run}-{name}";


    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
