using Akka.Actor;
using AuthActors.Engine.Entities.Internal;

namespace AuthActors.Engine.Entities;

/// <summary>
/// The single-node counterpart of a Cluster Sharding region, for entities that follow <see cref="IEntityParent"/>:
/// messages are routed by entity id to a child created on demand (it recovers from the journal); a child that
/// passivates is sent its stop message while messages that arrive meanwhile wait for its next incarnation (the
/// engine's own entities, idle with nothing on its way to them, stop at once without it; they share a link with the
/// shard instead of messages, see <c>EntityLink</c>); a
/// child that dies before it has recovered (its journal cannot be read) is answered for. With an active limit, when
/// more children live than that, the least recently used are asked to passivate if they are idle
/// (<see cref="PassivateIfIdle"/>), as Cluster Sharding's least-recently-used passivation keeps a region's memory
/// bounded: memory then follows the limit, not the rate of new entities times their idle timeout.
/// </summary>
public static class LocalShard
{
    /// <summary>The <see cref="IEntityParent"/> of entities under a local shard.</summary>
    public static readonly IEntityParent Parent = new LocalParent();

    /// <summary>The props of a local shard.</summary>
    /// <param name="entityProps">The props of the entity with a given id (give it <see cref="Parent"/>).</param>
    /// <param name="entityIdOf">The entity id a message is for, or <c>null</c> for messages this shard does not route.</param>
    /// <param name="entityName">The child actor's name for an entity id (it must be a valid actor name).</param>
    /// <param name="unrecoveredReply">
    /// The answer to a message whose entity stopped before it recovered, or <c>null</c> to leave it unanswered.
    /// </param>
    /// <param name="activeLimit">Live children above which the least recently used are asked to passivate; 0 for no limit.</param>
    public static Props Props(Func<string, Props> entityProps, Func<object, string?> entityIdOf, Func<string, string> entityName,
        Func<object, object?> unrecoveredReply, int activeLimit = 0)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        return Props((id, _) => entityProps(id), entityIdOf, entityName, unrecoveredReply, static _ => false, activeLimit);
    }

    /// <summary>The props of a local shard whose entities can start known to be new (their recovery does not ask the journal).</summary>
    /// <param name="entityProps">
    /// The props of the entity with a given id; the flag is true when the message that starts it says that the entity
    /// is new (<paramref name="startsNew"/>). Only the first incarnation started for such a message gets true.
    /// </param>
    /// <param name="entityIdOf">The entity id a message is for, or <c>null</c> for messages this shard does not route.</param>
    /// <param name="entityName">The child actor's name for an entity id (it must be a valid actor name).</param>
    /// <param name="unrecoveredReply">
    /// The answer to a message whose entity stopped before it recovered, or <c>null</c> to leave it unanswered.
    /// </param>
    /// <param name="startsNew">True for a message whose sender knows that its entity has never been written.</param>
    /// <param name="activeLimit">Live children above which the least recently used are asked to passivate; 0 for no limit.</param>
    public static Props Props(Func<string, bool, Props> entityProps, Func<object, string?> entityIdOf, Func<string, string> entityName,
        Func<object, object?> unrecoveredReply, Func<object, bool> startsNew, int activeLimit = 0)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        ArgumentNullException.ThrowIfNull(entityIdOf);
        ArgumentNullException.ThrowIfNull(entityName);
        ArgumentNullException.ThrowIfNull(unrecoveredReply);
        ArgumentNullException.ThrowIfNull(startsNew);
        ArgumentOutOfRangeException.ThrowIfNegative(activeLimit);
        return Akka.Actor.Props.Create(() => new LocalShardActor(entityProps, entityIdOf, entityName, unrecoveredReply, startsNew, activeLimit));
    }

    /// <summary>Sent by an entity to its local shard: stop me with <paramref name="StopMessage"/>.</summary>
    public sealed record Passivate(object StopMessage);

    /// <summary>
    /// Sent by a local shard over its active limit to its least recently used child: passivate (as when idle) unless
    /// you are in the middle of work. A child that stays is asked again when it is the least recently used again.
    /// </summary>
    public sealed class PassivateIfIdle
    {
        /// <summary>The instance.</summary>
        public static readonly PassivateIfIdle Instance = new();

        private PassivateIfIdle()
        {
        }
    }

    /// <summary>Sent by an entity to its local shard once it has recovered.</summary>
    public sealed class Recovered
    {
        /// <summary>The instance.</summary>
        public static readonly Recovered Instance = new();

        private Recovered()
        {
        }
    }

    private sealed class LocalParent : IEntityParent
    {
        public void Passivate(IActorContext context, object stopMessage) => context.Parent.Tell(new Passivate(stopMessage), context.Self);

        public void Recovered(IActorContext context) => context.Parent.Tell(LocalShard.Recovered.Instance, context.Self);
    }
}
