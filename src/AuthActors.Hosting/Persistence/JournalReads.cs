using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Data.Common;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;

namespace AuthActors.Hosting.Persistence;

/// <summary>What AuthActors' journal plugins share.</summary>
internal static class JournalPlugin
{
    /// <summary>The HOCON class name of <typeparamref name="T"/>.</summary>
    public static string ClassName<T>() => typeof(T).FullName + ", " + typeof(T).Assembly.GetName().Name;
}

/// <summary>
/// How a journal reads a recovery once: AsyncWriteJournal asks for the highest sequence number, and then, after that
/// read, for the events; a journal that has read the events with the highest keeps them here until the replay asks.
/// Only a recovery that will replay reads them (<see cref="Replays"/>): the one being received, whose upper bound is
/// not below its first sequence number. A second recovery of the same entity at the same time may take the first
/// one's rows, which are as new as its own would be; the other then reads its events. Rows whose recovery failed
/// between the two (a circuit breaker's call timeout) stay until that entity recovers again.
/// </summary>
/// <typeparam name="TRows">What the journal read.</typeparam>
internal sealed class RecoveryHandoff<TRows>
    where TRows : class
{
    private readonly ConcurrentDictionary<string, (long After, TRows Rows)> _read = new(StringComparer.Ordinal);
    private ReplayMessages? _receiving;

    /// <summary>
    /// Call around each message the journal receives (<c>using</c>): AsyncWriteJournal reads the highest sequence number
    /// of a recovery before its first await, so while the recovery is being received.
    /// </summary>
    public Receipt Receiving(object message)
    {
        _receiving = message as ReplayMessages;
        return new Receipt(this);
    }

    /// <summary>Ends <see cref="Receiving"/> when disposed; a struct, so that no message allocates.</summary>
    public readonly struct Receipt(RecoveryHandoff<TRows> handoff) : IDisposable
    {
        public void Dispose() => handoff._receiving = null;
    }

    /// <summary>
    /// True when the read of <paramref name="persistenceId"/>'s highest sequence number above <paramref name="after"/>
    /// is the one of the recovery being received and that recovery replays what it reads (AsyncWriteJournal asks from
    /// the sequence number before the first one to replay).
    /// </summary>
    public bool Replays(string persistenceId, long after) =>
        _receiving is { } recovery && recovery.PersistenceId == persistenceId && recovery.FromSequenceNr - 1 == after
        && recovery.ToSequenceNr >= recovery.FromSequenceNr && recovery.Max > 0;

    /// <summary>
    /// Keeps what was read of <paramref name="persistenceId"/> above <paramref name="after"/> for its replay; <c>null</c>
    /// (nothing to replay, or rows the journal's own replay must read) drops what an earlier read kept.
    /// </summary>
    public void Keep(string persistenceId, long after, TRows? rows)
    {
        if (rows is null)
        {
            _read.TryRemove(persistenceId, out _);
        }
        else
        {
            _read[persistenceId] = (after, rows);
        }
    }

    /// <summary>What a read kept for the replay of <paramref name="persistenceId"/> from <paramref name="fromSequenceNr"/>, taken once.</summary>
    public bool TryTake(string persistenceId, long fromSequenceNr, [NotNullWhen(true)] out TRows? rows)
    {
        rows = _read.TryRemove(persistenceId, out var read) && read.After == fromSequenceNr - 1 ? read.Rows : null;
        return rows is not null;
    }
}

/// <summary>One journal row as a recovery reads it; <see cref="SerializerId"/> is null in rows from before Akka.Persistence.Sql named it.</summary>
internal sealed record StoredEvent(long SequenceNumber, bool Deleted, byte[] Message, int? SerializerId, string Manifest, string? WriterUuid, long Created);

/// <summary>What one recovery read of an entity: its rows above where the recovery starts, deleted ones too, by sequence number.</summary>
internal sealed class RecoveredRows(Akka.Serialization.Serialization serialization, string persistenceId, List<StoredEvent> rows)
{
    /// <summary>The highest sequence number read; 0 when there was no row.</summary>
    public long Highest => rows.Count == 0 ? 0 : rows[^1].SequenceNumber;

    /// <summary>
    /// False when a row names no serializer (written by Akka.Persistence.Sql's predecessors, with its payload's type as
    /// the manifest): such a recovery replays through the journal's own replay.
    /// </summary>
    public bool Replayable => rows.TrueForAll(row => row.SerializerId.HasValue);

    /// <summary>
    /// <see cref="Replay"/> as a task: faulted with what it threw, so that the recovery fails with it
    /// (<c>ReplayMessagesFailure</c>) as with a failed read.
    /// </summary>
    public Task ReplayAsync(long toSequenceNr, long max, Action<IPersistentRepresentation> callback)
    {
        try
        {
            Replay(toSequenceNr, max, callback);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>
    /// Replays the rows up to <paramref name="toSequenceNr"/> that are not deleted, at most <paramref name="max"/> of
    /// them, as Akka.Persistence.Sql's replay does: each payload by its row's serializer and manifest, with its writer
    /// and timestamp, and no sender. A row without a serializer, or a payload that does not deserialize, throws.
    /// </summary>
    public void Replay(long toSequenceNr, long max, Action<IPersistentRepresentation> callback)
    {
        var replayed = 0L;
        foreach (var row in rows)
        {
            if (row.SequenceNumber > toSequenceNr || replayed >= max)
            {
                return;
            }

            if (!row.Deleted)
            {
                var serializerId = row.SerializerId
                                   ?? throw new InvalidOperationException($"A journal row of sequence number {row.SequenceNumber} has no serializer identifier.");
                callback(new Persistent(serialization.Deserialize(row.Message, serializerId, row.Manifest), row.SequenceNumber, persistenceId,
                    row.Manifest, isDeleted: false, ActorRefs.NoSender, row.WriterUuid, row.Created));
                replayed++;
            }
        }
    }
}

/// <summary>
/// Akka.Persistence.Sql's journal (PostgreSQL, and SQLite when configured so). With a <see cref="DirectReadsSetup"/>
/// (PostgreSQL) it reads a recovery with one statement on a pooled connection, outside a transaction: the entity's
/// rows from where the recovery starts, whose last sequence number is the highest and which are then replayed from
/// memory. Akka.Persistence.Sql would read the highest sequence
/// number and then the events, each in a transaction of its own (the events through an Akka.Streams graph): for the
/// server a BEGIN, two SELECTs and a COMMIT instead of one SELECT, and for the app three round trips instead of one.
/// </summary>
internal sealed class SqlJournal : SqlWriteJournal
{
    private readonly RecoveryRead? _direct;

    // The write in flight of each entity, as the base class keeps its own: a recovery that starts while its entity's
    // last write is still on the way reads only once that write has ended.
    private readonly Dictionary<string, Task> _writing = new(StringComparer.Ordinal);

    private readonly RecoveryHandoff<RecoveredRows> _handoff = new();

    public SqlJournal(Config journalConfig) : base(journalConfig)
    {
        var setup = Context.System.Settings.Setup.Get<DirectReadsSetup>();
        if (setup.HasValue)
        {
            _direct = RecoveryRead.For(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration), setup.Value.Connect,
                Context.System.Serialization);
        }
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        using (_handoff.Receiving(message))
        {
            return base.AroundReceive(receive, message);
        }
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_direct is null)
        {
            return base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }

        var replays = _handoff.Replays(persistenceId, fromSequenceNr);
        var writing = _writing.TryGetValue(persistenceId, out var inFlight) && !inFlight.IsCompleted ? inFlight : null;
        return ReadAsync(writing, replays, persistenceId, fromSequenceNr, cancellationToken);
    }

    private async Task<long> ReadAsync(Task? writing, bool replays, string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (writing is not null)
        {
            // Whether the write succeeded or not, only that it ended.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!replays)
        {
            return await _direct!.ReadHighestAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
        }

        var rows = await _direct!.ReadRowsAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
        _handoff.Keep(persistenceId, fromSequenceNr, rows.Highest != 0 && rows.Replayable ? rows : null);
        return rows.Highest;
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        return _handoff.TryTake(persistenceId, fromSequenceNr, out var rows)
            ? rows.ReplayAsync(toSequenceNr, max, recoveryCallback)
            : base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (_direct is null)
        {
            return base.WriteMessagesAsync(messages, cancellationToken);
        }

        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var written = base.WriteMessagesAsync(writes, cancellationToken);
        foreach (var write in writes)
        {
            _writing[write.PersistenceId] = written;
        }

        var self = Self;
        written.ContinueWith(_ => self.Tell(new WriteEnded(writes, written)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return written;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteEnded ended)
        {
            return base.ReceivePluginInternal(message);
        }

        foreach (var write in ended.Writes)
        {
            // A newer write of the same entity stays.
            if (_writing.TryGetValue(write.PersistenceId, out var writing) && ReferenceEquals(writing, ended.Written))
            {
                _writing.Remove(write.PersistenceId);
            }
        }

        return true;
    }

    private sealed record WriteEnded(IReadOnlyList<AtomicWrite> Writes, Task Written);
}

/// <summary>
/// Lets <see cref="SqlJournal"/> read recoveries outside a transaction, on connections that <see cref="Connect"/> opens
/// (from the journal's connection string, so from the journal's pool).
/// </summary>
/// <param name="Connect">Creates an unopened connection of the journal's database.</param>
internal sealed class DirectReadsSetup(Func<string, DbConnection> Connect) : Akka.Actor.Setup.Setup
{
    public Func<string, DbConnection> Connect { get; } = Connect;
}

/// <summary>
/// A recovery's reads as single statements with the journal's configured table and column names: the highest sequence
/// number (the query Akka.Persistence.Sql runs, native mode), or the rows it is the highest of, which the replay then
/// turns into events as Akka.Persistence.Sql's serializer does (a row's serializer id, manifest, writer and timestamp).
/// </summary>
internal sealed class RecoveryRead
{
    private readonly Func<string, DbConnection> _connect;
    private readonly string _connectionString;
    private readonly string _highest;
    private readonly string _rows;
    private readonly Akka.Serialization.Serialization _serialization;

    private RecoveryRead(Func<string, DbConnection> connect, string connectionString, string highest, string rows, Akka.Serialization.Serialization serialization)
    {
        _connect = connect;
        _connectionString = connectionString;
        _highest = highest;
        _rows = rows;
        _serialization = serialization;
    }

    /// <summary>
    /// The reads for the journal configured by <paramref name="journalConfig"/>, or <c>null</c> when its delete
    /// compatibility mode keeps highest sequence numbers in a second table, which only Akka.Persistence.Sql's own read knows.
    /// </summary>
    public static RecoveryRead? For(Config journalConfig, Func<string, DbConnection> connect, Akka.Serialization.Serialization serialization)
    {
        var config = new JournalConfig(journalConfig);
        if (config.DaoConfig.SqlCommonCompatibilityMode)
        {
            return null;
        }

        var table = config.TableConfig.EventJournalTable;
        var columns = table.ColumnNames;
        var name = config.TableConfig.SchemaName is { Length: > 0 } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var where = $"WHERE {Quote(columns.PersistenceId)} = @pid AND {Quote(columns.SequenceNumber)} > @after";
        return new RecoveryRead(connect, config.ConnectionString,
            $"SELECT MAX({Quote(columns.SequenceNumber)}) FROM {name} {where}",
            $"SELECT {Quote(columns.SequenceNumber)}, {Quote(columns.Deleted)}, {Quote(columns.Message)}, {Quote(columns.Identifier)}, " +
            $"{Quote(columns.Manifest)}, {Quote(columns.WriterUuid)}, {Quote(columns.Created)} FROM {name} {where} ORDER BY {Quote(columns.SequenceNumber)}",
            serialization);

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The highest sequence number of <paramref name="persistenceId"/> above <paramref name="after"/>; 0 when there is none.</summary>
    public Task<long> ReadHighestAsync(string persistenceId, long after, CancellationToken cancellationToken) =>
        QueryAsync(_highest, persistenceId, after, static async (command, token) =>
            await command.ExecuteScalarAsync(token).ConfigureAwait(false) is { } highest and not DBNull
                ? Convert.ToInt64(highest, CultureInfo.InvariantCulture)
                : 0, cancellationToken);

    /// <summary>The rows of <paramref name="persistenceId"/> above <paramref name="after"/>, deleted ones too, by sequence number.</summary>
    public Task<RecoveredRows> ReadRowsAsync(string persistenceId, long after, CancellationToken cancellationToken) =>
        QueryAsync(_rows, persistenceId, after, async (command, token) =>
        {
            var rows = new List<StoredEvent>();
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    rows.Add(new StoredEvent(
                        reader.GetInt64(0),
                        reader.GetBoolean(1),
                        (byte[])reader.GetValue(2),
                        reader.IsDBNull(3) ? null : reader.GetInt32(3),
                        reader.IsDBNull(4) ? string.Empty : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetInt64(6)));
                }
            }

            return new RecoveredRows(_serialization, persistenceId, rows);
        }, cancellationToken);

    private async Task<T> QueryAsync<T>(string sql, string persistenceId, long after, Func<DbCommand, CancellationToken, Task<T>> run,
        CancellationToken cancellationToken)
    {
        var connection = _connect(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                Add(command, "pid", persistenceId);
                Add(command, "after", after);
                return await run(command, cancellationToken).ConfigureAwait(false);
            }
        }

        static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
