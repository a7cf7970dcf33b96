using AuthActors.Hosting.Persistence;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting.Options;

/// <summary>Validates the whole configuration on start, with one message per problem.</summary>
internal sealed class AuthActorsOptionsValidator(AuthActorsBuilder builder) : IValidateOptions<AuthActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthActorsOptions options)
    {
        var errors = new List<string>();
        AuthActorsServiceCollectionExtensions.ProvidersOf(options, builder, errors);
        try
        {
            if (!options.Cluster.IsFrontend && JournalSetup.KindOf(options.Persistence) == JournalKind.PostgreSql && string.IsNullOrEmpty(options.Persistence.ConnectionString))
            {
                errors.Add("AuthActors:Persistence:ConnectionString is required for PostgreSql.");
            }
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }

        if (options.Cluster.Enabled && string.IsNullOrEmpty(options.Encryption.Key))
        {
            errors.Add("AuthActors:Encryption:Key is required in a cluster: every node must seal and open secrets with the same key.");
        }

        if (options.Cluster.Enabled && options.Cluster.SeedNodes.Count == 0)
        {
            errors.Add("AuthActors:Cluster:SeedNodes is empty: list at least one seed node (for example akka.tcp://authactors@127.0.0.1:4053).");
        }

        if (options.Cluster.Enabled && !options.Cluster.IsFrontend && JournalSetup.KindOf(options.Persistence) == JournalKind.Sqlite)
        {
            errors.Add("A cluster engine node needs a shared journal: set AuthActors:Persistence:Provider to PostgreSql (SQLite is for one process).");
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
