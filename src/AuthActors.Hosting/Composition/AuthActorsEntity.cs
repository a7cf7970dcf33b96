using Akka.Actor;

namespace AuthActors.Hosting.Composition;

/// <summary>
/// One kind of entity the engine hosts (today: the attempts of one provider). The placement decides where it
/// lives: under a local supervisor on this node (<see cref="LocalEntityPlacement"/>), or as a Cluster Sharding
/// region on the engine nodes with proxies on the frontends (AuthActors.Hosting.Cluster).
/// </summary>
/// <param name="TypeName">The region's type name and the local supervisor's actor name (<c>attempts-github</c>).</param>
/// <param name="EntityIdOf">The entity a message is for, or <c>null</c> for a message no entity takes.</param>
/// <param name="EntityProps">One entity, as a shard region creates and passivates it.</param>
/// <param name="SupervisorProps">On one node: the supervisor that creates, passivates and supervises the entities.</param>
/// <param name="PassivateIdleAfter">How long an idle entity stays in memory.</param>
internal sealed record AuthActorsEntity(
    string TypeName,
    Func<object, string?> EntityIdOf,
    Func<string, Props> EntityProps,
    Func<Props> SupervisorProps,
    TimeSpan PassivateIdleAfter);

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

/// <summary>The single-process placement: each kind under its own supervisor, a child of the user guardian.</summary>
internal sealed class LocalEntityPlacement : IEntityPlacement
{
    public static readonly LocalEntityPlacement Instance = new();

    private LocalEntityPlacement()
    {
    }

    public bool HostsEntities => true;

    public IActorRef Start(ActorSystem system, AuthActorsEntity entity) => system.ActorOf(entity.SupervisorProps(), entity.TypeName);

    public void Started(ActorSystem system, IActorRef statistics)
    {
    }
}

/// <summary>Carries a placement other than the local one (cluster mode) from its <c>With…</c> extension to the engine's start.</summary>
internal sealed class EntityPlacementSetup(IEntityPlacement placement) : Akka.Actor.Setup.Setup
{
    public IEntityPlacement Placement { get; } = placement;
}
