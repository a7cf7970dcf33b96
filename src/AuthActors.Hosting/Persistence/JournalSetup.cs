using Akka.Configuration;
using LinqToDB;
using AuthActors.Hosting.Options;
using Microsoft.Data.Sqlite;

namespace AuthActors.Hosting.Persistence;

/// <summary>The journal kinds AuthActors supports.</summary>
public enum JournalKind
{
    /// <summary>A SQLite file (the embedded default; one process).</summary>
    Sqlite,
    /// <summary>PostgreSQL (clusters).</summary>
    PostgreSql,
    /// <summary>In memory (tests, benchmarks): nothing survives a restart.</summary>
    InMemory,
}

/// <summary>Builds the Akka.Persistence.Sql configuration and prepares the database.</summary>
public static class JournalSetup
{
    /// <summary>The journal kind named by <paramref name="options"/>.</summary>
    public static JournalKind KindOf(PersistenceOptions options) =>
        Enum.TryParse<JournalKind>(options.Provider, ignoreCase: true, out var kind)
            ? kind
            : throw new InvalidOperationException($"AuthActors:Persistence:Provider '{options.Provider}' is unknown. Use Sqlite, PostgreSql or InMemory.");

    /// <summary>The connection string in effect (the SQLite default lives in the data directory).</summary>
    public static string ConnectionStringOf(PersistenceOptions options, string dataDirectory) =>
        options.ConnectionString is { Length: > 0 } cs
            ? cs
            : KindOf(options) == JournalKind.Sqlite
                ? $"Data Source={Path.Combine(dataDirectory, "authactors.db")}"
                : throw new InvalidOperationException("AuthActors:Persistence:ConnectionString is required for PostgreSql.");

    /// <summary>
    /// The HOCON of the journal and snapshot store. Akka.Persistence.Sql names providers after linq2db
    /// (<c>SQLite.MS</c>, <c>PostgreSQL.15</c>); tables are created on first start.
    /// </summary>
    public static Config Hocon(JournalKind kind, string connectionString)
    {
        if (kind == JournalKind.InMemory)
        {
            return ConfigurationFactory.ParseString("""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """);
        }

        var provider = kind == JournalKind.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        // SQLite has one writer: concurrent write transactions only wait on each other's locks (SQLITE_BUSY
        // retries). One writer stream that batches everything queued is faster.
        var parallelism = kind == JournalKind.Sqlite ? 1 : 3;
        // Microsoft.Data.Sqlite begins read-uncommitted transactions DEFERRED (others IMMEDIATE, taking the write
        // lock): reads then run beside the writer, as WAL allows. With WAL and no shared cache a reader still
        // sees only committed data.
        var readIsolation = kind == JournalKind.Sqlite ? "read-uncommitted" : "unspecified";
        var cs = Quote(connectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  parallelism = {{parallelism}}
                  read-isolation-level = {{readIsolation}}
                  # Attempts have a single writer; the replay filter only costs a child actor per recovery.
                  replay-filter.mode = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                }
              }
            }
            """);
    }

    /// <summary>
    /// Prepares a SQLite file: creates its directory and turns on WAL (a property of the file, about 3.5×
    /// the write throughput of the default rollback journal).
    /// </summary>
    public static void PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && builder.Mode != SqliteOpenMode.Memory && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// linq2db options for the SQLite journal: every connection the journal opens gets
    /// <c>PRAGMA synchronous</c> set (it is per connection, so the file cannot remember it).
    /// </summary>
    public static Akka.Persistence.Sql.Config.DataOptionsSetup SqliteDataOptions(string connectionString, string synchronous)
    {
        var mode = synchronous.ToUpperInvariant() switch
        {
            "NORMAL" => "NORMAL",
            "FULL" => "FULL",
            _ => throw new InvalidOperationException($"AuthActors:Persistence:SqliteSynchronous '{synchronous}' is unknown. Use Normal or Full."),
        };
        // busy_timeout: the journal runs every operation in a transaction, which Microsoft.Data.Sqlite begins
        // IMMEDIATE, so reads and writes queue for the write lock. SQLite's own busy handler waits in steps of
        // 1-100 ms; without it the driver retries after sleeping 150 ms each time.
        var pragma = $"PRAGMA synchronous={mode}; PRAGMA busy_timeout=10000;";
        var options = new DataOptions()
            .UseConnectionString(LinqToDB.ProviderName.SQLiteMS, connectionString)
            .UseAfterConnectionOpened(
                connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    command.ExecuteNonQuery();
                },
                async (connection, cancellationToken) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                });
        return new Akka.Persistence.Sql.Config.DataOptionsSetup(options);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
