using Akka.Actor;

namespace AuthActors.Engine.Entities;

/// <summary>
/// The one passivation contract of the engine's persistent entities (attempts and grants), whoever their parent
/// is: a <see cref="LocalShard"/> on one node, a Cluster Sharding shard in a farm. An entity that is idle or
/// done asks its parent to stop it, as sharding's <c>Passivate(stopMessage)</c> does: the parent holds the
/// messages that arrive meanwhile and hands them to the next incarnation. The entity never stops itself while
/// it can still be sent messages, and never knows which parent it has.
/// </summary>
public interface IEntityParent
{
    /// <summary>Asks the parent to stop the entity: the parent replies with <paramref name="stopMessage"/>, after which the entity stops.</summary>
    void Passivate(IActorContext context, object stopMessage);

    /// <summary>
    /// Tells the parent the entity has recovered from its journal: from now on it answers every message itself.
    /// Until then a parent that can answers for it if it dies (a <see cref="LocalShard"/> does).
    /// </summary>
    void Recovered(IActorContext context);
}
