using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Akka.Util;
using AuthActors.Engine.Entities.Internal;
using Microsoft.Data.Sqlite;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// The SQLite journal's write path: Akka.Persistence.Sql's schema (the <c>journal</c> and <c>tags</c> tables of its
/// <c>default</c> mapping, with the same columns, serialization and delete semantics) written through
/// Microsoft.Data.Sqlite with prepared statements, and one writer that commits whatever is queued in one transaction
/// (group commit). A file written by either journal is read by the other.
/// </summary>
/// <remarks>
/// <para>Why: through Akka.Persistence.Sql (linq2db) each journal operation costs about 0.2 ms of CPU, most of it in
/// building the query and the data connection, several times what SQLite itself spends. A login makes seven.</para>
/// <para>Writes: each <see cref="WriteMessagesAsync"/> call (one actor's batch) is queued; the writer takes everything
/// queued (up to <c>batch-size</c> rows), runs them all in one <c>BEGIN IMMEDIATE</c> transaction and answers after
/// the commit. When a call fails (a sequence number written twice), the transaction is rolled back and the group runs
/// again with each call in a savepoint of its own, so that the failed call fails alone; a failed commit fails the whole
/// group. An event that cannot be serialized is rejected, and is not written.</para>
/// <para>Reads (highest sequence number, replay) run on a small pool of reader connections beside the writer, as WAL
/// allows; each sees the data committed when its statement began.</para>
/// <para>The engine's entities call it directly (<see cref="IDirectJournal"/>) unless event adapters are configured
/// for it: the same rows, statements and group commit, without Akka's <c>AsyncWriteJournal</c> in between (its
/// mailbox, its resequencer, its circuit breaker). Its answers go from the writer, or the reader, to the entity.</para>
/// </remarks>
internal sealed class SqliteJournal : AsyncWriteJournal, IDirectJournal
{
    /// <summary>The plugin's class name for HOCON.</summary>
    public static readonly string ClassName = JournalPlugin.ClassName<SqliteJournal>();

    /// <summary>Akka.Persistence.Sql's DDL for SQLite (its <c>default</c> table mapping, tags in a table), byte for byte.</summary>
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
        	[ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
        	[created]         INTEGER        NOT NULL,
        	[deleted]         Bit            NOT NULL,
        	[persistence_id]  NVarChar(255)  NOT NULL,
        	[sequence_number] INTEGER        NOT NULL,
        	[message]         VarBinary      NOT NULL,
        	[manifest]        NVarChar(500)      NULL,
        	[identifier]      INTEGER            NULL,
        	[writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS [tags]
        (
        	[ordering_id]    INTEGER       NOT NULL,
        	[tag]            NVarChar(64)  NOT NULL,
        	[sequence_nr]    INTEGER       NOT NULL,
        	[persistence_id] NVarChar(255) NOT NULL,

        	CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        """;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly int _batchSize;
    private readonly TimeSpan _checkpointInterval;
    private readonly int _walBackstopPages;
    private SqliteCheckpointer? _checkpointer;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<Reader> _readers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RecoveryHandoff<RecoveredRows> _handoff = new();
    private readonly bool _direct;
    private readonly bool _publish;
    private readonly ActorSystem _system;
    private Task _writer = Task.CompletedTask;
    // Set in PreStart, for the direct calls, which run on other threads than the actor's.
    private IActorRef _self = ActorRefs.Nobody;
    private volatile bool _stopped;

    public SqliteJournal(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _connectionString = config.GetString("connection-string") is { Length: > 0 } cs
            ? cs
            : throw new ConfigurationException("The SQLite journal needs a connection-string.");
        var synchronous = config.GetString("synchronous", "NORMAL").ToUpperInvariant() switch
        {
            "NORMAL" => "NORMAL",
            "FULL" => "FULL",
            var other => throw new ConfigurationException($"The SQLite journal's synchronous '{other}' is unknown. Use NORMAL or FULL."),
        };
        var busyTimeout = (int)config.GetTimeSpan("busy-timeout", TimeSpan.FromSeconds(10)).TotalMilliseconds;
        _pragmas = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={busyTimeout};";
        _batchSize = Math.Max(1, config.GetInt("batch-size", 200));
        // "off" (or 0): SQLite's own checkpoint, from the writer every 1,000 pages.
        _checkpointInterval = config.GetString("checkpoint-interval", "25ms") is "off" ? TimeSpan.Zero : config.GetTimeSpan("checkpoint-interval", TimeSpan.FromMilliseconds(25));
        _walBackstopPages = Math.Max(1, config.GetInt("wal-backstop-pages", SqliteCheckpointer.DefaultWriterBackstopPages));
        _system = Context.System;
        _serialization = _system.Serialization;
        // Event adapters run in AsyncWriteJournal: with any configured, the entities go through it.
        _direct = config.GetConfig("event-adapter-bindings")?.IsEmpty ?? true;
        _publish = Akka.Persistence.Persistence.Instance.Apply(Context.System).Settings.Internal.PublishPluginCommands;
    }

    // A journal that fails here never gets its PostStop (Akka stops an actor whose PreStart threw without it): what
    // it opened is closed here.
    protected override void PreStart()
    {
        base.PreStart();
        try
        {
            if (_checkpointInterval > TimeSpan.Zero)
            {
                _checkpointer = new SqliteCheckpointer(Open(), _checkpointInterval, _log);
            }

            var writer = new Writer(Open(), _batchSize, _checkpointer, _walBackstopPages);
            writer.Initialize();
            _checkpointer?.Start();
            _writer = Task.Factory.StartNew(() => writer.RunAsync(_jobs.Reader), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            _self = Self;
            if (_direct)
            {
                DirectJournals.Register(_self, this);
            }
        }
        catch
        {
            _checkpointer?.Dispose();
            _checkpointer = null;
            throw;
        }
    }

    protected override void PostStop()
    {
        DirectJournals.Unregister(_self);
        _stopped = true;
        // Writes already queued are committed before the journal goes.
        _jobs.Writer.TryComplete();
        if (!_writer.Wait(TimeSpan.FromSeconds(10)))
        {
            _log.Warning("The SQLite journal's writer did not finish within 10 s");
        }

        _checkpointer?.Dispose();

        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        base.PostStop();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var (rows, rejections) = SerializeAll(messages.ToList());
        IImmutableList<Exception> result = rejections is null ? null! : (IImmutableList<Exception>)rejections.ToImmutableList()!;
        if (rows.Count == 0)
        {
            return Task.FromResult(result);
        }

        var job = new InsertJob(rows);
        return Enqueue(job).ContinueWith(
            static (t, r) => t.IsCompletedSuccessfully ? (IImmutableList<Exception>)r! : throw t.Exception!.InnerException!,
            result, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    void IDirectJournal.Write(IReadOnlyList<IPersistentEnvelope> writes, IActorRef replyTo, int actorInstanceId)
    {
        if (_publish)
        {
            _system.EventStream.Publish(new WriteMessages(writes, replyTo, actorInstanceId));
        }

        var (rows, rejections) = SerializeAll(writes.Cast<AtomicWrite>().ToList());
        if (rows.Count == 0)
        {
            Answer(writes, rejections, null, replyTo, actorInstanceId);
            return;
        }

        // Answered on the writer's thread after the commit (Job.Done runs what waits for it inline).
        Enqueue(new InsertJob(rows)).ContinueWith(
            t => Answer(writes, rejections, t.Exception?.InnerException, replyTo, actorInstanceId),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Each event's answer, as AsyncWriteJournal's resequencer sends it: from the sender of the command that persisted it.
    private static void Answer(IReadOnlyList<IPersistentEnvelope> writes, Exception?[]? rejections, Exception? failure, IActorRef replyTo, int actorInstanceId)
    {
        for (var w = 0; w < writes.Count; w++)
        {
            var rejected = rejections?[w];
            foreach (var p in (IImmutableList<IPersistentRepresentation>)((AtomicWrite)writes[w]).Payload)
            {
                replyTo.Tell(
                    rejected is not null ? new WriteMessageRejected(p, rejected, actorInstanceId)
                    : failure is not null ? new WriteMessageFailure(p, failure, actorInstanceId)
                    : new WriteMessageSuccess(p, actorInstanceId),
                    p.Sender);
            }
        }
    }

    // On the recovering entity's own thread: its rows are read before its first turn ends, so its answers are already in
    // its mailbox when that turn ends, and it takes them in the same run (no reader task to schedule, and no second run
    // of the entity's mailbox for the answers, which a reader on another thread would cost). The read holds that thread
    // as a reader task would hold another one.
    bool IDirectJournal.ReplayAll(string persistenceId, IActorRef replyTo)
    {
        if (_publish)
        {
            _system.EventStream.Publish(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, replyTo));
        }

        if (_stopped)
        {
            replyTo.Tell(new ReplayMessagesFailure(new InvalidOperationException("The SQLite journal is stopping.")));
            return true;
        }

        try
        {
            var rows = WithReader(reader => reader.Rows(persistenceId, 0, _serialization));
            if (!rows.Replayable)
            {
                // Rows of Akka.Persistence.Sql's predecessors: the journal's own replay reads them.
                _self.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, replyTo));
                return false;
            }

            rows.Replay(long.MaxValue, long.MaxValue, p => replyTo.Tell(new ReplayedMessage(p), ActorRefs.NoSender));
            replyTo.Tell(new RecoverySuccess(rows.Highest), ActorRefs.NoSender);
        }
        catch (Exception ex)
        {
            replyTo.Tell(new ReplayMessagesFailure(ex), ActorRefs.NoSender);
        }

        return true;
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        Enqueue(new DeleteJob(persistenceId, toSequenceNr));

    protected override bool AroundReceive(Receive receive, object message)
    {
        using (_handoff.Receiving(message))
        {
            return base.AroundReceive(receive, message);
        }
    }

    // A recovery that replays reads its rows with the highest sequence number, in one statement, and its replay takes
    // them from the handoff.
    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (!_handoff.Replays(persistenceId, fromSequenceNr))
        {
            return WithReaderAsync(reader => reader.HighestSequenceNr(persistenceId));
        }

        return WithReaderAsync(reader =>
        {
            var rows = reader.Rows(persistenceId, fromSequenceNr, _serialization);
            _handoff.Keep(persistenceId, fromSequenceNr, rows.Highest != 0 && rows.Replayable ? rows : null);
            // Nothing above where the recovery starts: the highest (deleted rows count) may still be below it.
            return rows.Highest != 0 || fromSequenceNr == 0 ? rows.Highest : reader.HighestSequenceNr(persistenceId);
        });
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        if (max <= 0 || fromSequenceNr > toSequenceNr)
        {
            return Task.CompletedTask;
        }

        if (_handoff.TryTake(persistenceId, fromSequenceNr, out var read))
        {
            return read.ReplayAsync(toSequenceNr, max, recoveryCallback);
        }

        // On the reader's thread, so that what the replay throws faults the task the recovery waits for.
        return WithReaderAsync(reader =>
        {
            reader.Rows(persistenceId, fromSequenceNr - 1, _serialization).Replay(toSequenceNr, max, recoveryCallback);
            return true;
        });
    }

    private Task Enqueue(Job job)
    {
        if (!_jobs.Writer.TryWrite(job))
        {
            job.Done.TrySetException(new InvalidOperationException("The SQLite journal is stopping."));
        }

        return job.Done.Task;
    }

    // The rows of atomic writes, and what rejected each one (null when none was): an atomic write that cannot be
    // serialized is rejected and not written; the others go on.
    private (List<Row> Rows, Exception?[]? Rejections) SerializeAll(List<AtomicWrite> writes)
    {
        var created = DateTime.UtcNow.Ticks;
        var rows = new List<Row>();
        Exception?[]? rejections = null;
        for (var w = 0; w < writes.Count; w++)
        {
            var payload = (IImmutableList<IPersistentRepresentation>)writes[w].Payload;
            try
            {
                var serialized = new Row[payload.Count];
                for (var i = 0; i < serialized.Length; i++)
                {
                    serialized[i] = Serialize(payload[i], created);
                }

                rows.AddRange(serialized);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                (rejections ??= new Exception?[writes.Count])[w] = ex;
            }
        }

        return (rows, rejections);
    }

    // Akka.Persistence.Sql's row: the payload by its serializer, the manifest as that serializer wants it.
    private Row Serialize(IPersistentRepresentation representation, long created)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, tagged.Tags.ToArray())
            : (representation.Payload, Array.Empty<string>());
        var serializer = _serialization.FindSerializerFor(payload);
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        var bytes = Akka.Serialization.Serialization.WithTransport(_serialization.System, (serializer, payload), static s => s.serializer.ToBinary(s.payload));
        return new Row(representation.PersistenceId, representation.SequenceNr, representation.Timestamp == 0 ? created : representation.Timestamp,
            bytes, manifest, serializer.Identifier, representation.WriterGuid, tags);
    }

    private Task<T> WithReaderAsync<T>(Func<Reader, T> read) => Task.Run(() => WithReader(read));

    // A pooled reader (one connection per reading thread at a time), or a new one.
    private T WithReader<T>(Func<Reader, T> read)
    {
        if (!_readers.TryTake(out var reader))
        {
            reader = new Reader(Open());
        }

        try
        {
            var result = read(reader);
            if (_stopped)
            {
                // A recovery that ran while the journal stopped: its pool is already closed.
                reader.Dispose();
            }
            else
            {
                _readers.Add(reader);
            }

            return result;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed record Row(string PersistenceId, long SequenceNr, long Created, byte[] Message, string Manifest, int Identifier, string? WriterUuid, string[] Tags);

    private abstract class Job
    {
        // Completed by the writer after its commit, which then runs what waits for the job, inline: Akka's
        // AsyncWriteJournal (its circuit breaker, then one Tell per write to its resequencer, or a delete's answer).
        // That is a few microseconds and never blocks; queued to the thread pool instead, it cost every write a hop
        // of its own on the way back to its entity.
        public TaskCompletionSource Done { get; } = new();
    }

    private sealed class InsertJob(List<Row> rows) : Job
    {
        public List<Row> Rows { get; } = rows;
    }

    private sealed class DeleteJob(string persistenceId, long toSequenceNr) : Job
    {
        public string PersistenceId { get; } = persistenceId;
        public long ToSequenceNr { get; } = toSequenceNr;
    }

    /// <summary>The one writer connection, its prepared statements, and the group-commit loop.</summary>
    private sealed class Writer(SqliteConnection connection, int batchSize, SqliteCheckpointer? checkpointer, int walBackstopPages)
    {
        private const string InsertSql =
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7)";

        private Statement _insert = null!;
        private Statement _insertReturning = null!;
        private Statement _tag = null!;

        // The transaction's own statements, prepared once: a group's BEGIN, COMMIT and ROLLBACK and, only when a job
        // of the group fails, a savepoint around each job. The normal path has no savepoint: SQLite copies every page
        // a savepoint changes into a statement journal (a temporary file) first, in case it is rolled back to.
        private Statement _begin = null!;
        private Statement _commit = null!;
        private Statement _rollback = null!;
        private Statement _savepoint = null!;
        private Statement _release = null!;
        private Statement _rollbackTo = null!;

        // A writer that cannot start (a read-only or corrupt file, a full disk) releases its connection at once: the
        // journal then fails to start, and no finalizer is left to close the file.
        public void Initialize()
        {
            try
            {
                Prepare();
            }
            catch
            {
                Release();
                throw;
            }
        }

        private void Prepare()
        {
            Execute(Schema);
            if (checkpointer is not null)
            {
                // The checkpointer copies the WAL beside the writer; the writer's own checkpoint only bounds the WAL.
                Execute($"PRAGMA wal_autocheckpoint={walBackstopPages}");
            }

            _insert = new Statement(connection, InsertSql);
            _insertReturning = new Statement(connection, InsertSql + " RETURNING ordering");
            _tag = new Statement(connection, "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (?1, ?2, ?3, ?4)");
            _begin = new Statement(connection, "BEGIN IMMEDIATE");
            _commit = new Statement(connection, "COMMIT");
            _rollback = new Statement(connection, "ROLLBACK");
            _savepoint = new Statement(connection, "SAVEPOINT jobs");
            _release = new Statement(connection, "RELEASE jobs");
            _rollbackTo = new Statement(connection, "ROLLBACK TO jobs");
        }

        public async Task RunAsync(ChannelReader<Job> jobs)
        {
            var group = new List<Job>();
            try
            {
                while (await jobs.WaitToReadAsync().ConfigureAwait(false))
                {
                    var rows = 0;
                    while (rows < batchSize && jobs.TryRead(out var job))
                    {
                        group.Add(job);
                        rows += job is InsertJob insert ? insert.Rows.Count : 1;
                    }

                    Commit(group);
                    group.Clear();
                    if (jobs.TryPeek(out _))
                    {
                        // More is waiting: the node is busy. Let the thread-pool thread this loop holds take the
                        // requests and actors queued meanwhile, and come back for a larger group after them.
                        await Task.Yield();
                    }
                }
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            foreach (var command in new[] { _insert, _insertReturning, _tag, _begin, _commit, _rollback, _savepoint, _release, _rollbackTo })
            {
                command?.Dispose();
            }

            connection.Dispose();
        }

        private void Commit(List<Job> group)
        {
            Exception?[]? failed = null;
            try
            {
                _begin.Run();
                if (RunAll(group) is { } failure)
                {
                    // A job failed (a sequence number written twice, say): nothing of the group is kept. A group of one
                    // fails with it; a larger one runs again with each job in a savepoint of its own, so that it fails alone.
                    _rollback.Run();
                    failed = new Exception?[group.Count];
                    if (group.Count == 1)
                    {
                        failed[0] = failure;
                    }
                    else
                    {
                        _begin.Run();
                        for (var i = 0; i < group.Count; i++)
                        {
                            failed[i] = RunInSavepoint(group[i]);
                        }

                        _commit.Run();
                    }
                }
                else
                {
                    _commit.Run();
                }

                checkpointer?.Committed();
            }
            catch (Exception ex)
            {
                try
                {
                    _rollback.Run();
                }
                catch (SqliteException)
                {
                    // No transaction is open (BEGIN failed): nothing to roll back.
                }

                foreach (var job in group)
                {
                    job.Done.TrySetException(ex);
                }

                return;
            }

            for (var i = 0; i < group.Count; i++)
            {
                if (failed?[i] is { } ex)
                {
                    group[i].Done.TrySetException(ex);
                }
                else
                {
                    group[i].Done.TrySetResult();
                }
            }
        }

        // Runs every job of the group in the open transaction: null when all were written, else the first failure
        // (the caller then rolls the transaction back).
        private SqliteException? RunAll(List<Job> group)
        {
            try
            {
                foreach (var job in group)
                {
                    Run(job);
                }

                return null;
            }
            catch (SqliteException ex)
            {
                return ex;
            }
        }

        // Runs one job in a savepoint: null when it was written; when it failed, its failure, and nothing of it is written.
        private SqliteException? RunInSavepoint(Job job)
        {
            _savepoint.Run();
            try
            {
                Run(job);
                _release.Run();
                return null;
            }
            catch (SqliteException ex)
            {
                _rollbackTo.Run();
                _release.Run();
                return ex;
            }
        }

        private void Run(Job job)
        {
            switch (job)
            {
                case InsertJob insert:
                    foreach (var row in insert.Rows)
                    {
                        Insert(row);
                    }

                    break;
                case DeleteJob delete:
                    Delete(delete.PersistenceId, delete.ToSequenceNr);
                    break;
            }
        }

        private void Insert(Row row)
        {
            var statement = row.Tags.Length == 0 ? _insert : _insertReturning;
            statement.BindInt64(1, row.Created);
            statement.BindText(2, row.PersistenceId);
            statement.BindInt64(3, row.SequenceNr);
            statement.BindBlob(4, row.Message);
            statement.BindText(5, row.Manifest);
            statement.BindInt64(6, row.Identifier);
            statement.BindText(7, row.WriterUuid);
            if (row.Tags.Length == 0)
            {
                statement.Run();
                return;
            }

            var ordering = statement.RunScalar();
            foreach (var tag in row.Tags)
            {
                _tag.BindInt64(1, ordering);
                _tag.BindText(2, tag);
                _tag.BindInt64(3, row.SequenceNr);
                _tag.BindText(4, row.PersistenceId);
                _tag.Run();
            }
        }

        // Akka.Persistence.Sql's delete: mark the rows deleted, keep the highest marked one (so the highest sequence
        // number survives), remove the others and their tags.
        private void Delete(string persistenceId, long toSequenceNr)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to;
                DELETE FROM journal WHERE persistence_id = $pid AND sequence_number <= $to AND sequence_number <
                  (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND deleted = 1);
                DELETE FROM tags WHERE persistence_id = $pid AND sequence_nr <= $to;
                """;
            command.Parameters.AddWithValue("$pid", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.ExecuteNonQuery();
        }

        private void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A statement prepared once on the writer's connection and run through SQLitePCL's own calls: Microsoft.Data.Sqlite
    /// makes a binder object per parameter and a data reader per run, which the writer, with the same few statements
    /// run thousands of times a second, does not need. Failures throw Microsoft.Data.Sqlite's <see cref="SqliteException"/>,
    /// as its commands do. Text is bound as UTF-8 (on the stack up to 512 bytes), and values are copied by SQLite.
    /// </summary>
    private sealed class Statement : IDisposable
    {
        private const int StackLimit = 512;
        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _statement;

        public Statement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle!;
            Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sql, out _statement));
        }

        public void BindInt64(int index, long value) => Check(SQLitePCL.raw.sqlite3_bind_int64(_statement, index, value));

        public void BindBlob(int index, byte[] value) => Check(SQLitePCL.raw.sqlite3_bind_blob(_statement, index, value));

        public void BindText(int index, string? value)
        {
            if (value is null)
            {
                Check(SQLitePCL.raw.sqlite3_bind_null(_statement, index));
                return;
            }

            var length = Encoding.UTF8.GetByteCount(value);
            byte[]? rented = null;
            var utf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                var written = Encoding.UTF8.GetBytes(value, utf8);
                Check(SQLitePCL.raw.sqlite3_bind_text(_statement, index, utf8[..written]));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>Runs the statement to its end.</summary>
        public void Run() => Step();

        /// <summary>Runs the statement to its end and returns the first column of its first row.</summary>
        public long RunScalar() => Step() ?? throw new InvalidOperationException("The statement returned no row.");

        // Steps to the end (a failure throws), then resets: the first row's first column, if there was a row.
        private long? Step()
        {
            try
            {
                long? first = null;
                int rc;
                while ((rc = SQLitePCL.raw.sqlite3_step(_statement)) == SQLitePCL.raw.SQLITE_ROW)
                {
                    first ??= SQLitePCL.raw.sqlite3_column_int64(_statement, 0);
                }

                if (rc != SQLitePCL.raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, _db);
                }

                return first;
            }
            finally
            {
                SQLitePCL.raw.sqlite3_reset(_statement);
            }
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    /// <summary>A reader connection with its prepared statements; one user at a time (pooled).</summary>
    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _highest;
        private readonly SqliteCommand _rows;

        public Reader(SqliteConnection connection)
        {
            _connection = connection;
            _highest = connection.CreateCommand();
            // Deleted rows count: the journal keeps the highest deleted one so that the number never goes back.
            _highest.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid";
            _highest.Parameters.Add(new SqliteParameter { ParameterName = "$pid" });
            _highest.Prepare();
            // Deleted rows too: they count toward the highest, and the replay skips them.
            _rows = connection.CreateCommand();
            _rows.CommandText = """
                SELECT sequence_number, deleted, message, manifest, identifier, writer_uuid, created FROM journal
                WHERE persistence_id = $pid AND sequence_number > $after ORDER BY sequence_number
                """;
            _rows.Parameters.Add(new SqliteParameter { ParameterName = "$pid" });
            _rows.Parameters.Add(new SqliteParameter { ParameterName = "$after" });
            _rows.Prepare();
        }

        public long HighestSequenceNr(string persistenceId)
        {
            _highest.Parameters[0].Value = persistenceId;
            return _highest.ExecuteScalar() is long highest ? highest : 0L;
        }

        public RecoveredRows Rows(string persistenceId, long after, Akka.Serialization.Serialization serialization)
        {
            _rows.Parameters[0].Value = persistenceId;
            _rows.Parameters[1].Value = after;
            var rows = new List<StoredEvent>();
            using var reader = _rows.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new StoredEvent(reader.GetInt64(0), reader.GetBoolean(1), (byte[])reader.GetValue(2), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.IsDBNull(3) ? string.Empty : reader.GetString(3), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6)));
            }

            return new RecoveredRows(serialization, persistenceId, rows);
        }

        public void Dispose()
        {
            _highest.Dispose();
            _rows.Dispose();
            _connection.Dispose();
        }
    }
}
