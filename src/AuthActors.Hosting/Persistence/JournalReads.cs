using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using AuthActors.Engine.Entities;

namespace AuthActors.Hosting.Persistence;

/// <summary>What AuthActors' journals share about reads: an entity marked new (<see cref="NewEntities"/>) is not read.</summary>
internal static class JournalReads
{
    /// <summary>The highest sequence number of an entity with nothing written.</summary>
    public static readonly Task<long> NothingWritten = Task.FromResult(0L);

    /// <summary>The HOCON class name of <typeparamref name="T"/>.</summary>
    public static string ClassName<T>() => typeof(T).FullName + ", " + typeof(T).Assembly.GetName().Name;
}

/// <summary>
/// Akka.Persistence.Sql's journal (PostgreSQL, and SQLite when configured so), which answers the recovery of an entity
/// marked new without a query. With a <see cref="DirectReadsSetup"/> (PostgreSQL) it reads an entity's highest sequence
/// number with one statement on a pooled connection, outside a transaction: Akka.Persistence.Sql wraps every read in
/// one, which costs the server a BEGIN and a COMMIT, and the app a round trip, for a single-row SELECT.
/// </summary>
internal sealed class SqlJournal : SqlWriteJournal
{
    private readonly NewEntities _newEntities = NewEntities.For(Context.System);
    private readonly HighestSequenceNrRead? _direct;

    // The write in flight of each entity, as the base class keeps its own: a recovery that starts while its entity's
    // last write is still on the way reads the highest sequence number only once that write has ended.
    private readonly Dictionary<string, Task> _writing = new(StringComparer.Ordinal);

    public SqlJournal(Config journalConfig) : base(journalConfig)
    {
        var setup = Context.System.Settings.Setup.Get<DirectReadsSetup>();
        if (setup.HasValue)
        {
            _direct = HighestSequenceNrRead.For(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration), setup.Value.Connect);
        }
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_newEntities.TryTake(persistenceId))
        {
            return JournalReads.NothingWritten;
        }

        if (_direct is null)
        {
            return base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }

        return _writing.TryGetValue(persistenceId, out var writing) && !writing.IsCompleted
            ? AfterAsync(writing, _direct, persistenceId, fromSequenceNr, cancellationToken)
            : _direct.ReadAsync(persistenceId, fromSequenceNr, cancellationToken);

        static async Task<long> AfterAsync(Task writing, HighestSequenceNrRead read, string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
        {
            // Whether the write succeeded or not, only that it ended.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return await read.ReadAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
        }
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
/// Lets <see cref="SqlJournal"/> read highest sequence numbers outside a transaction, on connections that
/// <see cref="Connect"/> opens (from the journal's connection string, so from the journal's pool).
/// </summary>
/// <param name="Connect">Creates an unopened connection of the journal's database.</param>
internal sealed class DirectReadsSetup(Func<string, DbConnection> Connect) : Akka.Actor.Setup.Setup
{
    public Func<string, DbConnection> Connect { get; } = Connect;
}

/// <summary>
/// The highest sequence number of an entity: the query Akka.Persistence.Sql runs (native mode), as one statement with
/// the journal's configured table and column names.
/// </summary>
internal sealed class HighestSequenceNrRead
{
    private readonly Func<string, DbConnection> _connect;
    private readonly string _connectionString;
    private readonly string _all;
    private readonly string _after;

    private HighestSequenceNrRead(Func<string, DbConnection> connect, string connectionString, string all, string after)
    {
        _connect = connect;
        _connectionString = connectionString;
        _all = all;
        _after = after;
    }

    /// <summary>
    /// The read for the journal configured by <paramref name="journalConfig"/>, or <c>null</c> when its delete
    /// compatibility mode keeps highest sequence numbers in a second table, which only Akka.Persistence.Sql's own read knows.
    /// </summary>
    public static HighestSequenceNrRead? For(Config journalConfig, Func<string, DbConnection> connect)
    {
        var config = new JournalConfig(journalConfig);
        if (config.DaoConfig.SqlCommonCompatibilityMode)
        {
            return null;
        }

        var table = config.TableConfig.EventJournalTable;
        var name = config.TableConfig.SchemaName is { Length: > 0 } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var select = $"SELECT MAX({Quote(table.ColumnNames.SequenceNumber)}) FROM {name} WHERE {Quote(table.ColumnNames.PersistenceId)} = @pid";
        return new HighestSequenceNrRead(connect, config.ConnectionString, select, $"{select} AND {Quote(table.ColumnNames.SequenceNumber)} > @from");

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The highest sequence number of <paramref name="persistenceId"/> above <paramref name="fromSequenceNr"/>; 0 when there is none.</summary>
    public async Task<long> ReadAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        var connection = _connect(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = fromSequenceNr == 0 ? _all : _after;
                Add(command, "pid", persistenceId);
                if (fromSequenceNr != 0)
                {
                    Add(command, "from", fromSequenceNr);
                }

                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } highest and not DBNull
                    ? Convert.ToInt64(highest, CultureInfo.InvariantCulture)
                    : 0;
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

/// <summary>Akka's in-memory journal, which answers the recovery of an entity marked new without a lookup.</summary>
internal sealed class InMemoryJournal : MemoryJournal
{
    private readonly NewEntities _newEntities = NewEntities.For(Context.System);

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _newEntities.TryTake(persistenceId)
            ? JournalReads.NothingWritten
            : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
}
