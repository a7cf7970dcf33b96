using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Vault;
using AuthActors.Hosting.Options;

namespace AuthActors.Hosting.Cluster;

/// <summary>Akka.Remote, Akka.Cluster and Cluster Sharding for the AuthActors roles.</summary>
internal static class ClusterWiring
{
    public static void Configure(AkkaConfigurationBuilder akka, Options.ClusterOptions cluster)
    {
        akka.WithRemoting(cluster.Hostname, cluster.Port, cluster.PublicHostname)
            .WithClustering(new Akka.Cluster.Hosting.ClusterOptions
            {
                Roles = [cluster.IsFrontend ? Options.ClusterOptions.FrontendRole : Options.ClusterOptions.EngineRole],
                SeedNodes = cluster.SeedNodes.ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            });
    }

    /// <summary>The shard region of a provider (engine nodes) or a proxy to it (frontends).</summary>
    public static IActorRef RegionFor(ActorSystem system, Options.ClusterOptions cluster, AuthActorsSettings settings, ProviderRuntime? runtime, string provider)
    {
        var sharding = ClusterSharding.Get(system);
        var extractor = new AttemptMessageExtractor(cluster.NumberOfShards);
        var typeName = "attempts-" + provider;
        if (cluster.IsFrontend)
        {
            return sharding.StartProxy(typeName, Options.ClusterOptions.EngineRole, extractor);
        }

        // Remember-entities stays off: attempts come back from the journal when a message arrives. Attempts
        // passivate themselves (idle, or done) through ShardRegion.Passivate, as they do under a local shard.
        var shardingSettings = EntitySettings(system);
        return sharding.Start(typeName, id => AuthorizationAttempt.Props(runtime!, id, ShardedEntityParent.Instance), shardingSettings, extractor,
            sharding.DefaultShardAllocationStrategy(shardingSettings), AuthorizationAttempt.Stop.Instance);
    }

    /// <summary>
    /// The region of the token vault's grants (engine nodes) or a proxy to it (frontends): one region for every
    /// provider, so one grant lives on one node at a time and its refreshes are single-flight across the cluster.
    /// Idle grants passivate with <see cref="TokenGrant.Stop"/>, which a grant in the middle of a refresh defers.
    /// </summary>
    public static IActorRef GrantsFor(ActorSystem system, Options.ClusterOptions cluster, AuthActorsSettings settings, IReadOnlyDictionary<string, ProviderRuntime> runtimes)
    {
        var sharding = ClusterSharding.Get(system);
        var extractor = new GrantMessageExtractor(cluster.NumberOfShards);
        if (cluster.IsFrontend)
        {
            return sharding.StartProxy(GrantsTypeName, Options.ClusterOptions.EngineRole, extractor);
        }

        var shardingSettings = EntitySettings(system);
        return sharding.Start(GrantsTypeName, id => TokenGrant.Props(runtimes, id, ShardedEntityParent.Instance), shardingSettings, extractor,
            sharding.DefaultShardAllocationStrategy(shardingSettings), TokenGrant.Stop.Instance);
    }

    // Entities passivate themselves (IEntityParent), so sharding's own idle passivation is off.
    private static ClusterShardingSettings EntitySettings(ActorSystem system) =>
        ClusterShardingSettings.Create(system)
            .WithRole(Options.ClusterOptions.EngineRole)
            .WithRememberEntities(false)
            .WithStateStoreMode(StateStoreMode.DData)
            .WithPassivateIdleAfter(TimeSpan.Zero);

    /// <summary>Cluster Sharding's side of <see cref="IEntityParent"/>: passivation is sharding's <see cref="Akka.Cluster.Sharding.Passivate"/>; the shard needs no recovery signal.</summary>
    private sealed class ShardedEntityParent : IEntityParent
    {
        public static readonly ShardedEntityParent Instance = new();

        public void Passivate(IActorContext context, object stopMessage) => context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(stopMessage), context.Self);

        public void Recovered(IActorContext context)
        {
        }
    }

    /// <summary>The sharding type name of the grants.</summary>
    public const string GrantsTypeName = "grants";
}
