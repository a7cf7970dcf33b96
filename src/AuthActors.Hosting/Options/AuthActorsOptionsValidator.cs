using AuthActors.Hosting.Composition;
using AuthActors.Hosting.Persistence;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting.Options;

/// <summary>Validates the whole configuration on start, with one message per problem.</summary>
internal sealed class AuthActorsOptionsValidator(AuthActorsBuilder builder, ProviderCatalog catalog) : IValidateOptions<AuthActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthActorsOptions options)
    {
        var errors = new List<string>(catalog.Build(options).Errors);
        var journal = options.Persistence.Provider;
        // Frontends host no attempts, so they never open a journal.
        if (!options.Cluster.IsFrontend && !JournalSetup.IsInMemory(options.Persistence) && !builder.Journals.ContainsKey(journal))
        {
            errors.Add(string.Equals(journal, "PostgreSql", StringComparison.OrdinalIgnoreCase)
                ? "AuthActors:Persistence:Provider is PostgreSql, but PostgreSQL support is not added: reference the package AuthActors.Hosting.PostgreSql and call AddAuthActors(...).AddPostgreSql()."
                : $"AuthActors:Persistence:Provider '{journal}' is unknown. Use Sqlite, PostgreSql or InMemory.");
        }

        errors.AddRange(JournalSetup.Problems(options.Persistence));

        if (options.Cluster.Enabled && builder.ClusterWiring is null)
        {
            errors.Add("AuthActors:Cluster:Enabled is true, but cluster support is not added: reference the package AuthActors.Hosting.Cluster and call AddAuthActors(...).AddCluster().");
        }

        if (options.Encryption.Key is { Length: > 0 } key && (!IsBase64(key, out var length) || length != 32))
        {
            errors.Add("AuthActors:Encryption:Key must be the base64 of 32 random bytes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBase64(string value, out int length)
    {
        var buffer = new byte[value.Length];
        var ok = Convert.TryFromBase64String(value, buffer, out length);
        return ok;
    }
}
