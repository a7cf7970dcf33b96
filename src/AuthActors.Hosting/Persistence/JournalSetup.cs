using Akka.Configuration;
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

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
