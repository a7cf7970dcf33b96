using AuthActors.Hosting.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using AuthActorsOptions = AuthActors.Hosting.Options.AuthActorsOptions;

namespace AuthActors.Hosting.PostgreSql;

/// <summary>The PostgreSQL journal: the shared journal of a cluster's engine nodes.</summary>
public static class AuthActorsPostgreSqlExtensions
{
    /// <summary>The value of <c>AuthActors:Persistence:Provider</c> that selects PostgreSQL.</summary>
    public const string ProviderName = "PostgreSql";

    // linq2db's PostgreSQL 15 dialect; three concurrent write streams (PostgreSQL has row locks, not one writer).
    internal static readonly JournalDialect Dialect = new(
        ProviderName, "PostgreSQL.15", Parallelism: 3, ReadIsolationLevel: "unspecified",
        cs => new NpgsqlConnection(cs),
        ex => ex is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable });

    /// <summary>
    /// Lets <c>AuthActors:Persistence:Provider</c> be <c>PostgreSql</c>, with the connection string in
    /// <c>AuthActors:Persistence:ConnectionString</c> (from the environment or a secret store). The tables are created on
    /// first start; the journal purge deletes expired attempts' rows.
    /// </summary>
    /// <example><c>builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql();</c></example>
    public static AuthActorsBuilder AddPostgreSql(this AuthActorsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Journals[ProviderName] = Dialect;
        builder.Services.AddSingleton<IValidateOptions<AuthActorsOptions>, ConnectionStringRequired>();
        return builder;
    }

    private sealed class ConnectionStringRequired : IValidateOptions<AuthActorsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthActorsOptions options) =>
            !options.Cluster.IsFrontend && string.Equals(options.Persistence.Provider, ProviderName, StringComparison.OrdinalIgnoreCase)
                                        && string.IsNullOrEmpty(options.Persistence.ConnectionString)
                ? ValidateOptionsResult.Fail("AuthActors:Persistence:ConnectionString is required for PostgreSql.")
                : ValidateOptionsResult.Success;
    }
}
