using System.Data.Common;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// The purge statement of the journal janitor, for the <c>default</c> table mapping of
/// Akka.Persistence.Sql (table <c>journal</c>; <c>created</c> holds UTC ticks).
/// </summary>
internal static class JournalPurge
{
    /// <summary>
    /// Deletes every row of every attempt whose first event was written before <paramref name="cutoff"/>.
    /// Returns the number of rows deleted.
    /// </summary>
    public static async Task<int> PurgeAsync(JournalDialect dialect, string connectionString, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = dialect.Connect(connectionString);
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
        catch (DbException ex) when (dialect.IsMissingTable(ex))
        {
            // The journal creates its tables on its first use; until then there is nothing to purge.
            return 0;
        }
    }
}
