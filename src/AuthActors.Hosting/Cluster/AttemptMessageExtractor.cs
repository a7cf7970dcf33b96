using Akka.Cluster.Sharding;
using AuthActors.Engine.Attempts;

namespace AuthActors.Hosting.Cluster;

/// <summary>
/// Routes attempt commands by attempt id: the entity id is the attempt id (the OAuth 2 state). The base class
/// maps <c>ShardRegion.StartEntity</c> itself (Akka.NET 1.5; analyzer AK2001).
/// </summary>
public sealed class AttemptMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    /// <inheritdoc />
    public override string? EntityId(object message) => message switch
    {
        AuthorizationAttempt.ICommand command => command.AttemptId,
        _ => null,
    };
}

/// <summary>Routes the token vault's commands by grant id (provider and a hash of the subject).</summary>
public sealed class GrantMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    /// <inheritdoc />
    public override string? EntityId(object message) => (message as Engine.Vault.TokenGrant.ICommand)?.GrantId;
}
