using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// The purge statement of the journal janitor, for the <c>default</c> table mapping of
/// Akka.Persistence.Sql (table <c>journal</c>; <c>created</c> holds UTC ticks).
/// </summary>
public static class JournalPurge
{
    /// <summary>
    /// Deletes every row of every attempt whose first event was written before <paramref name="cutoff"/>.
    /// Returns the number of rows deleted.
    /// </summary>
    public static async Task<int> PurgeAsync(JournalKind kind, string connectionString, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using DbConnection connection = kind switch
        {
            JournalKind.Sqlite => new SqliteConnection(connectionString),
            JournalKind.PostgreSql => new NpgsqlConnection(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only SQL journals are purged."),
        };
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM journal WHERE persistence_id IN (
              SELECT persistence_id FROM journal
              WHERE sequence_number = 1 AND created < @cutoff AND persistence_id LIKE 'attempt-%')
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@cutoff";
        parameter.Value = cutoff.UtcTicks;
        command.Parameters.Add(parameter);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (IsMissingTable(ex))
        {
            // The journal creates its tables on its first use; until then there is nothing to purge.
            return 0;
        }
    }

    private static bool IsMissingTable(DbException ex) =>
        (ex is SqliteException { SqliteErrorCode: 1 } && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase)) ||
        ex is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable };
}
