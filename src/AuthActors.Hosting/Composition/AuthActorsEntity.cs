using Akka.Actor;
using AuthActors.Engine.Entities;

namespace AuthActors.Hosting.Composition;

/// <summary>
/// One kind of entity the engine hosts: the attempts of one provider, or the grants of the token vault. The
/// placement decides where it lives: under a <see cref="LocalShard"/> on this node (<see cref="LocalEntityPlacement"/>),
/// or as a Cluster Sharding region on the engine nodes with proxies on the frontends (AuthActors.Hosting.Cluster).
/// Either way the entities follow one contract (<see cref="IEntityParent"/>): they ask their parent to passivate them
/// and stop on <paramref name="StopMessage"/>.
/// </summary>
/// <param name="TypeName">The region's type name and the local shard's actor name (<c>attempts-github</c>, <c>grants</c>).</param>
/// <param name="EntityIdOf">The entity a message is for, or <c>null</c> for a message no entity takes.</param>
/// <param name="EntityProps">One entity, given its id and its parent's side of the passivation contract.</param>
/// <param name="LocalProps">On one node: the local shard of the kind.</param>
/// <param name="StopMessage">What stops an entity that asked to passivate (sharding's hand-off stop message too).</param>
internal sealed record AuthActorsEntity(
    string TypeName,
    Func<object, string?> EntityIdOf,
    Func<string, IEntityParent, Props> EntityProps,
    Func<Props> LocalProps,
    object StopMessage);

/// <summary>Where the entities of each kind live. Returns the actor that takes the kind's messages.</summary>
internal interface IEntityPlacement
{
    /// <summary>True when this node hosts entities (false on a cluster frontend, which only reaches them).</summary>
    bool HostsEntities { get; }

    /// <summary>Starts the host of <paramref name="entity"/> and returns the actor its messages go to.</summary>
    IActorRef Start(ActorSystem system, AuthActorsEntity entity);

    /// <summary>Called once every kind has started, with the node's statistics actor.</summary>
    void Started(ActorSystem system, IActorRef statistics);
}

/// <summary>The single-process placement: each kind under its own local shard, a child of the user guardian.</summary>
internal sealed class LocalEntityPlacement : IEntityPlacement
{
    public static readonly LocalEntityPlacement Instance = new();

    private LocalEntityPlacement()
    {
    }

    public bool HostsEntities => true;

    public IActorRef Start(ActorSystem system, AuthActorsEntity entity) => system.ActorOf(entity.LocalProps(), entity.TypeName);

    public void Started(ActorSystem system, IActorRef statistics)
    {
    }
}

/// <summary>Carries a placement other than the local one (cluster mode) from its <c>With…</c> extension to the engine's start.</summary>
internal sealed class EntityPlacementSetup(IEntityPlacement placement) : Akka.Actor.Setup.Setup
{
    public IEntityPlacement Placement { get; } = placement;
}
