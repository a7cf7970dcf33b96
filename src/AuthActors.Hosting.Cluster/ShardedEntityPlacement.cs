using Akka.Actor;
using Akka.Cluster.Sharding;
using AuthActors.Engine.Entities;
using AuthActors.Hosting.Composition;
using AuthActorsClusterOptions = AuthActors.Hosting.Options.ClusterOptions;

namespace AuthActors.Hosting.Cluster;

/// <summary>
/// Places each entity kind in Cluster Sharding: a region on the engine nodes, a proxy to it on the frontends.
/// </summary>
internal sealed class ShardedEntityPlacement(AuthActorsClusterOptions cluster) : IEntityPlacement
{
    public bool HostsEntities => !cluster.IsFrontend;

    public IActorRef Start(ActorSystem system, AuthActorsEntity entity)
    {
        var sharding = ClusterSharding.Get(system);
        var extractor = new EntityMessageExtractor(entity.EntityIdOf, cluster.NumberOfShards);
        if (cluster.IsFrontend)
        {
            return sharding.StartProxy(entity.TypeName, AuthActorsClusterOptions.EngineRole, extractor);
        }

        // Remember-entities stays off: entities come back from the journal when a message arrives. They passivate
        // themselves (idle, or done) through sharding's Passivate, as under a local shard, so sharding's own idle
        // passivation is off; the hand-off stop message is the one they stop on.
        var settings = ClusterShardingSettings.Create(system)
            .WithRole(AuthActorsClusterOptions.EngineRole)
            .WithRememberEntities(false)
            .WithStateStoreMode(StateStoreMode.DData)
            .WithPassivateIdleAfter(TimeSpan.Zero);
        return sharding.Start(entity.TypeName, id => entity.EntityProps(id, ShardedEntityParent.Instance), settings, extractor,
            sharding.DefaultShardAllocationStrategy(settings), entity.StopMessage);
    }

    public void Started(ActorSystem system, IActorRef statistics)
    {
        if (!cluster.IsFrontend)
        {
            // Start the journal now, so it creates its tables before the first entity needs them.
            Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        }

        system.ActorOf(cluster.IsFrontend ? StatisticsRelay.Subscriber(statistics) : StatisticsRelay.Publisher(), "attempt-statistics-relay");
    }

    /// <summary>Cluster Sharding's side of <see cref="IEntityParent"/>: passivation is sharding's <see cref="Passivate"/>; a shard needs no recovery signal.</summary>
    private sealed class ShardedEntityParent : IEntityParent
    {
        public static readonly ShardedEntityParent Instance = new();

        public void Passivate(IActorContext context, object stopMessage) => context.Parent.Tell(new Passivate(stopMessage), context.Self);

        public void Recovered(IActorContext context)
        {
        }
    }

    /// <summary>
    /// Routes by the kind's entity id (for attempts the attempt id, the OAuth 2 state). The base class maps
    /// <c>ShardRegion.StartEntity</c> itself (Akka.NET 1.5; analyzer AK2001).
    /// </summary>
    private sealed class EntityMessageExtractor(Func<object, string?> entityIdOf, int maxShards) : HashCodeMessageExtractor(maxShards)
    {
        public override string? EntityId(object message) => entityIdOf(message);
    }
}
