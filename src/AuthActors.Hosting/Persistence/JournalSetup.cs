using Akka.Configuration;
using Akka.Hosting;
using LinqToDB;
using AuthActors.Hosting.Options;
using Microsoft.Data.Sqlite;

namespace AuthActors.Hosting.Persistence;

/// <summary>Builds the Akka.Persistence.Sql configuration and prepares the database.</summary>
internal static class JournalSetup
{
    /// <summary>The value of <c>AuthActors:Persistence:Provider</c> for the in-memory journal.</summary>
    public const string InMemory = "InMemory";

    /// <summary>
    /// The embedded default: a SQLite file, one writer stream. Microsoft.Data.Sqlite begins read-uncommitted
    /// transactions DEFERRED (others IMMEDIATE, taking the write lock): reads then run beside the writer, as WAL
    /// allows. With WAL and no shared cache a reader still sees only committed data.
    /// </summary>
    public static readonly JournalDialect Sqlite = new(
        "Sqlite", "SQLite.MS", Parallelism: 1, ReadIsolationLevel: "read-uncommitted",
        cs => new SqliteConnection(cs),
        ex => ex is SqliteException { SqliteErrorCode: 1 } && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
    {
        DefaultConnectionString = dataDirectory => $"Data Source={Path.Combine(dataDirectory, "authactors.db")}",
        Prepare = (akka, connectionString, options) =>
        {
            PrepareSqlite(connectionString);
            akka.AddSetup(SqliteDataOptions(connectionString, options.SqliteSynchronous));
        },
    };

    /// <summary>The setup that lets the journal read highest sequence numbers outside a transaction, when <paramref name="dialect"/> does.</summary>
    public static DirectReadsSetup? DirectReads(JournalDialect dialect) =>
        dialect.ReadsHighestDirectly ? new DirectReadsSetup(dialect.Connect) : null;

    /// <summary>True when <paramref name="options"/> name the in-memory journal.</summary>
    public static bool IsInMemory(PersistenceOptions options) => string.Equals(options.Provider, InMemory, StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string in effect: the dialect's default when none is configured, with the dialect's defaults added.</summary>
    public static string ConnectionStringOf(JournalDialect dialect, PersistenceOptions options, string dataDirectory)
    {
        var configured = options.ConnectionString is { Length: > 0 } cs
            ? cs
            : dialect.DefaultConnectionString?.Invoke(dataDirectory)
              ?? throw new InvalidOperationException($"AuthActors:Persistence:ConnectionString is required for {dialect.Name}.");
        return dialect.WithDefaults?.Invoke(configured) ?? configured;
    }

    /// <summary>
    /// The HOCON of the journal and snapshot store: in memory when <paramref name="dialect"/> is <c>null</c>.
    /// Tables are created on first start. SQLite's journal is AuthActors' own write path over the same schema
    /// (<see cref="SqliteJournal"/>) unless <c>AuthActors:Persistence:SqliteJournal</c> is <c>AkkaPersistenceSql</c>.
    /// </summary>
    public static Config Hocon(JournalDialect? dialect, string connectionString, PersistenceOptions? options = null)
    {
        options ??= new PersistenceOptions();
        if (dialect is null)
        {
            return ConfigurationFactory.ParseString($$"""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                # As for SQL: entities have a single writer, and the filter would cost a child actor per recovery.
                akka.persistence.journal.inmem.replay-filter.mode = off
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """);
        }

        var config = SqlHocon(dialect, connectionString);
        return dialect == Sqlite && UsesOwnSqliteJournal(options)
            ? ConfigurationFactory.ParseString($$"""
                akka.persistence.journal.sql {
                  class = "{{SqliteJournal.ClassName}}"
                  plugin-dispatcher = "akka.actor.default-dispatcher"
                  synchronous = {{SynchronousOf(options.SqliteSynchronous)}}
                  # Set here, not left to the plugin's defaults: Akka.Persistence.Sql's reference configuration of
                  # this path has a batch-size of its own.
                  busy-timeout = 10s
                  batch-size = 200
                }
                """).WithFallback(config)
            : config;
    }

    /// <summary>True unless <c>AuthActors:Persistence:SqliteJournal</c> asks for Akka.Persistence.Sql's journal.</summary>
    public static bool UsesOwnSqliteJournal(PersistenceOptions options) =>
        Choose(options.SqliteJournal, "SqliteJournal", SqliteJournals) == SqliteJournals[0];

    /// <summary>One message per SQLite setting of <paramref name="options"/> that names no known value.</summary>
    public static IEnumerable<string> Problems(PersistenceOptions options)
    {
        if (Known(options.SqliteJournal, SqliteJournals) is null)
        {
            yield return Unknown("SqliteJournal", options.SqliteJournal, SqliteJournals);
        }

        if (Known(options.SqliteSynchronous, SynchronousModes) is null)
        {
            yield return Unknown("SqliteSynchronous", options.SqliteSynchronous, SynchronousModes);
        }
    }

    private static readonly string[] SqliteJournals = ["AuthActors", "AkkaPersistenceSql"];
    private static readonly string[] SynchronousModes = ["Normal", "Full"];

    private static string? Known(string? value, string[] known) =>
        known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase));

    private static string Choose(string? value, string key, string[] known) =>
        Known(value, known) ?? throw new InvalidOperationException(Unknown(key, value, known));

    private static string Unknown(string key, string? value, string[] known) =>
        $"AuthActors:Persistence:{key} '{value}' is unknown. Use {string.Join(" or ", known)}.";

    private static Config SqlHocon(JournalDialect dialect, string connectionString)
    {
        var cs = Quote(connectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  # Akka.Persistence.Sql's SqlWriteJournal, with PostgreSQL's recoveries read in one statement.
                  class = "{{JournalPlugin.ClassName<SqlJournal>()}}"
                  connection-string = {{cs}}
                  provider-name = "{{dialect.ProviderName}}"
                  auto-initialize = on
                  parallelism = {{dialect.Parallelism}}
                  read-isolation-level = {{dialect.ReadIsolationLevel}}
                  # Attempts have a single writer; the replay filter only costs a child actor per recovery.
                  replay-filter.mode = off
                  # A batch of rows goes in as one INSERT with parameters, not with its values spelled out: the
                  # statement for n rows is then the same text every time, which Npgsql prepares (see the PostgreSQL
                  # dialect's connection defaults), so the server does not parse, analyse and plan every batch anew.
                  prefer-parameters-on-multirow-insert = on
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = {{cs}}
                  provider-name = "{{dialect.ProviderName}}"
                  auto-initialize = on
                }
              }
            }
            """);
    }

    /// <summary>The full path of the SQLite file that <paramref name="connectionString"/> names; <c>null</c> for an in-memory database or a <c>file:</c> URI.</summary>
    public static string? SqliteFileOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.DataSource is { Length: > 0 } file && builder.Mode != SqliteOpenMode.Memory && file != ":memory:"
                                                          && !file.StartsWith("file:", StringComparison.Ordinal)
            ? Path.GetFullPath(file)
            : null;
    }

    /// <summary>
    /// Prepares a SQLite file: creates its directory and turns on WAL (a property of the file, about 3.5×
    /// the write throughput of the default rollback journal).
    /// </summary>
    public static void PrepareSqlite(string connectionString)
    {
        if (SqliteFileOf(connectionString) is { } file && Path.GetDirectoryName(file) is { } directory)
        {
            Directory.CreateDirectory(directory);
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
        var mode = SynchronousOf(synchronous);
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

    private static string SynchronousOf(string synchronous) => Choose(synchronous, "SqliteSynchronous", SynchronousModes).ToUpperInvariant();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
