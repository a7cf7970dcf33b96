using AuthActors.Cluster.Tests.Support;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using AuthActors.Hosting.PostgreSql;
using Npgsql;

namespace AuthActors.Cluster.Tests;

/// <summary>
/// The PostgreSQL journal's connection string: Npgsql prepares the journal's statements and does not reset a pooled
/// connection, unless the configured string says otherwise (for example behind a PgBouncer in transaction mode that
/// cannot keep prepared statements).
/// </summary>
public sealed class PostgreSqlConnectionTests
{
    private const string Configured = "Host=127.0.0.1;Port=5432;Username=postgres;Database=authactors";

    [Fact]
    public void A_connection_string_that_names_none_of_the_journal_defaults_gets_them_all()
    {
        var inEffect = new NpgsqlConnectionStringBuilder(InEffect(Configured + ";"));

        Assert.Equal(50, inEffect.MaxAutoPrepare);
        Assert.Equal(2, inEffect.AutoPrepareMinUsages);
        Assert.True(inEffect.NoResetOnClose);
        Assert.Equal("authactors", inEffect.Database);
        Assert.Equal(5432, inEffect.Port);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0, 2, true)]
    [InlineData("maxautoprepare=10;Auto Prepare Min Usages=7", 10, 7, true)]
    [InlineData("AUTO PREPARE MIN USAGES=3;No Reset On Close=false", 50, 3, false)]
    public void What_the_configured_string_says_is_kept(string setting, int maxAutoPrepare, int minUsages, bool noReset)
    {
        var inEffect = InEffect($"{Configured};{setting}");

        var parsed = new NpgsqlConnectionStringBuilder(inEffect);
        Assert.Equal(maxAutoPrepare, parsed.MaxAutoPrepare);
        Assert.Equal(minUsages, parsed.AutoPrepareMinUsages);
        Assert.Equal(noReset, parsed.NoResetOnClose);
        Assert.StartsWith($"{Configured};{setting}", inEffect, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_real_server_the_journal_connections_prepare_a_statement_run_twice_and_an_opt_out_does_not()
    {
        await using var server = await PostgresServer.StartAsync();

        Assert.Equal(1, await PreparedAfterTwoRunsAsync(InEffect(server.ConnectionString)));
        Assert.Equal(0, await PreparedAfterTwoRunsAsync(InEffect(server.ConnectionString + ";Max Auto Prepare=0")));
    }

    // The test servers' own hygiene: a port comes back from the system again within minutes, and a pool keyed by
    // the old server's connection string would hand a new server's first caller a dead connection (a CI run failed
    // so, at CREATE DATABASE). Fails without the pools cleared at a server's end (the unpooled administration
    // connection also covers a server that was never disposed).
    [Fact]
    public async Task A_server_started_on_the_port_of_one_that_ended_serves_its_first_command()
    {
        int port;
        await using (var earlier = await PostgresServer.StartAsync())
        {
            port = earlier.Port;
            await using var connection = new NpgsqlConnection(earlier.ConnectionString);
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            await select.ExecuteScalarAsync();
        }

        await using var later = await PostgresServer.StartAsync(port);
        await using var again = new NpgsqlConnection(later.ConnectionString);
        await again.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = 'authactors'", again);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    private static string InEffect(string configured) =>
        JournalSetup.ConnectionStringOf(AuthActorsPostgreSqlExtensions.Dialect, new PersistenceOptions { ConnectionString = configured }, Path.GetTempPath());

    // The journal's highest-sequence-number query, twice on one connection, then what the server holds prepared for it.
    private static async Task<long> PreparedAfterTwoRunsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS journal (persistence_id text, sequence_number bigint)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 2; i++)
        {
            await using var highest = new NpgsqlCommand("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $1", connection);
            highest.Parameters.Add(new NpgsqlParameter { Value = "attempt-" + i });
            await highest.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%MAX(sequence_number)%'", connection);
        return (long)(await prepared.ExecuteScalarAsync())!;
    }
}
