using Microsoft.Extensions.Options;
using AuthActorsOptions = AuthActors.Hosting.Options.AuthActorsOptions;

namespace AuthActors.Hosting.Cluster;

/// <summary>The checks of cluster mode, one message per problem, next to the engine's own.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<AuthActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthActorsOptions options)
    {
        var cluster = options.Cluster;
        if (!cluster.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.Encryption.Key))
        {
            errors.Add("AuthActors:Encryption:Key is required in a cluster: every node must seal and open secrets with the same key.");
        }

        if (cluster.SeedNodes.Count == 0)
        {
            errors.Add("AuthActors:Cluster:SeedNodes is empty: list at least one seed node (for example akka.tcp://authactors@127.0.0.1:4053).");
        }

        if (!cluster.IsFrontend && string.Equals(options.Persistence.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("A cluster engine node needs a shared journal: set AuthActors:Persistence:Provider to PostgreSql (SQLite is for one process).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
