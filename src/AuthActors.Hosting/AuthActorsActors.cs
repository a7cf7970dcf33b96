namespace AuthActors.Hosting;

/// <summary>
/// The <c>ActorRegistry</c> key of the actor that takes attempt commands (<c>AuthorizationAttempt.ICommand</c>)
/// and routes them to their provider's supervisor, or in a cluster to its shard region or proxy.
/// </summary>
/// <example><c>var attempts = await registry.GetAsync&lt;AuthActorsAttempts&gt;();</c> or inject <c>IRequiredActor&lt;AuthActorsAttempts&gt;</c>.</example>
public sealed class AuthActorsAttempts
{
    private AuthActorsAttempts()
    {
    }
}

/// <summary>The <c>ActorRegistry</c> key of the node's <c>AttemptStatistics</c> actor (the status page's counts).</summary>
public sealed class AuthActorsStatistics
{
    private AuthActorsStatistics()
    {
    }
}

/// <summary>The <c>ActorRegistry</c> key of the token vault's grants: a local shard, or the cluster's <c>grants</c> region or proxy.</summary>
public sealed class AuthActorsGrants
{
    private AuthActorsGrants()
    {
    }
}
