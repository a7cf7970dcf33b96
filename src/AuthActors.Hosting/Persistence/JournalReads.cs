using Akka.Configuration;
using Akka.Persistence.Journal;
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
/// marked new without a query.
/// </summary>
internal sealed class SqlJournal(Config journalConfig) : SqlWriteJournal(journalConfig)
{
    private readonly NewEntities _newEntities = NewEntities.For(Context.System);

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _newEntities.TryTake(persistenceId)
            ? JournalReads.NothingWritten
            : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
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
