using System.Data.Common;
using Akka.Hosting;
using AuthActors.Hosting.Options;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// What the engine needs to know of one SQL database to keep its journal there (Akka.Persistence.Sql over
/// linq2db): SQLite is built in; AuthActors.Hosting.PostgreSql adds PostgreSQL.
/// </summary>
/// <param name="Name">The value of <c>AuthActors:Persistence:Provider</c> that selects it.</param>
/// <param name="ProviderName">linq2db's provider name (<c>SQLite.MS</c>, <c>PostgreSQL.15</c>).</param>
/// <param name="Parallelism">The journal's concurrent write streams.</param>
/// <param name="ReadIsolationLevel">The isolation of the journal's reads.</param>
/// <param name="Connect">Opens a connection for the purge.</param>
/// <param name="IsMissingTable">True for the error of a table that does not exist yet.</param>
internal sealed record JournalDialect(
    string Name,
    string ProviderName,
    int Parallelism,
    string ReadIsolationLevel,
    Func<string, DbConnection> Connect,
    Func<DbException, bool> IsMissingTable)
{
    /// <summary>The connection string when none is configured (SQLite: a file in the data directory), or <c>null</c> when one is required.</summary>
    public Func<string, string>? DefaultConnectionString { get; init; }

    /// <summary>
    /// The connection string as the journal and the purge use it: the configured one with the dialect's defaults for the
    /// settings it does not name (PostgreSQL: prepared statements, no reset on close). <c>null</c>: as configured.
    /// </summary>
    public Func<string, string>? WithDefaults { get; init; }

    /// <summary>
    /// True when the journal reads an entity's highest sequence number with one statement on a connection from
    /// <see cref="Connect"/>, outside a transaction (<see cref="DirectReadsSetup"/>), instead of through Akka.Persistence.Sql,
    /// which runs every read in a transaction of its own.
    /// </summary>
    public bool ReadsHighestDirectly { get; init; }

    /// <summary>Prepares the database and the actor system's setup before the journal starts (SQLite: WAL, connection pragmas).</summary>
    public Action<AkkaConfigurationBuilder, string, PersistenceOptions>? Prepare { get; init; }
}
