using Akka.Actor;
using Akka.Cluster.Sharding;
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

        // Remember-entities stays off: entities come back from the journal when a message arrives, and idle
        // passivation (well above the worst recovery time) keeps pending ones out of memory.
        var settings = ClusterShardingSettings.Create(system)
            .WithRole(AuthActorsClusterOptions.EngineRole)
            .WithRememberEntities(false)
            .WithStateStoreMode(StateStoreMode.DData)
            .WithPassivateIdleAfter(entity.PassivateIdleAfter);
        return sharding.Start(entity.TypeName, entity.EntityProps, settings, extractor);
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

    /// <summary>
    /// Routes by the kind's entity id (for attempts the attempt id, the OAuth 2 state). The base class maps
    /// <c>ShardRegion.StartEntity</c> itself (Akka.NET 1.5; analyzer AK2001).
    /// </summary>
    private sealed class EntityMessageExtractor(Func<object, string?> entityIdOf, int maxShards) : HashCodeMessageExtractor(maxShards)
    {
        public override string? EntityId(object message) => entityIdOf(message);
    }
}
