using Akka.Actor;
using AuthActors.Engine.Vault.Internal;

namespace AuthActors.Engine.Vault;

/// <summary>
/// The single-node counterpart of a Cluster Sharding region, for entities that follow sharding's contract:
/// messages are routed by entity id to a child created on demand; an entity idle for the idle timeout is sent
/// the stop message (as sharding's <c>passivate-idle-after</c> sends the hand-off stop message), messages that
/// arrive while it stops are buffered and delivered to its next incarnation. The entity never knows whether
/// its parent is this or a shard.
/// </summary>
public static class LocalShard
{
    /// <summary>The props of a local shard.</summary>
    /// <param name="entityProps">The props of the entity with a given id.</param>
    /// <param name="entityIdOf">The entity id a message is for, or <c>null</c> for messages this shard does not route.</param>
    /// <param name="stopMessage">What an idle entity is sent to stop.</param>
    /// <param name="idleTimeout">How long an entity may be idle before it is stopped.</param>
    public static Props Props(Func<string, Props> entityProps, Func<object, string?> entityIdOf, object stopMessage, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        ArgumentNullException.ThrowIfNull(entityIdOf);
        ArgumentNullException.ThrowIfNull(stopMessage);
        return Akka.Actor.Props.Create(() => new LocalShardActor(entityProps, entityIdOf, stopMessage, idleTimeout));
    }
}
