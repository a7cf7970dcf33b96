using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AuthActors.Hosting.Composition;
using AuthActors.Hosting.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using AuthActorsClusterOptions = AuthActors.Hosting.Options.ClusterOptions;
using AuthActorsOptions = AuthActors.Hosting.Options.AuthActorsOptions;

namespace AuthActors.Hosting.Cluster;

/// <summary>
/// Cluster mode: engine nodes host one Cluster Sharding region per provider (<c>attempts-{provider}</c>), frontends
/// reach them through sharding proxies; configured by the <c>AuthActors:Cluster</c> section.
/// </summary>
public static class AuthActorsClusterExtensions
{
    /// <summary>
    /// Lets the configuration turn on cluster mode (<c>AuthActors:Cluster:Enabled</c>): <c>AddAuthActors</c> then joins
    /// the cluster with <see cref="WithAuthActorsCluster"/>. Adds the cluster's configuration checks (a shared
    /// encryption key, seed nodes, a shared journal on engine nodes).
    /// </summary>
    /// <example><c>builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().AddCluster();</c></example>
    public static AuthActorsBuilder AddCluster(this AuthActorsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ClusterWiring = (akka, sp) => akka.WithAuthActorsCluster(sp);
        builder.Services.AddSingleton<IValidateOptions<AuthActorsOptions>, ClusterOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// Joins the cluster of <c>AuthActors:Cluster</c> (Akka.Remote, Akka.Cluster with the keep-majority split-brain
    /// resolver, the node's role), adds the member-is-Up readiness check, and places the engine's entities in
    /// Cluster Sharding. For a host that calls <c>AddAkka</c> itself, before <c>WithAuthActorsEngine</c>.
    /// </summary>
    /// <example><c>akka.WithAuthActorsPersistence(sp).WithAuthActorsCluster(sp).WithAuthActorsEngine(sp);</c></example>
    public static AkkaConfigurationBuilder WithAuthActorsCluster(this AkkaConfigurationBuilder akka, IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(akka);
        ArgumentNullException.ThrowIfNull(sp);
        var cluster = sp.GetRequiredService<IOptionsMonitor<AuthActorsOptions>>().CurrentValue.Cluster;
        akka.WithRemoting(cluster.Hostname, cluster.Port, cluster.PublicHostname)
            .WithClustering(new ClusterOptions
            {
                Roles = [cluster.IsFrontend ? AuthActorsClusterOptions.FrontendRole : AuthActorsClusterOptions.EngineRole],
                SeedNodes = cluster.SeedNodes.ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithAkkaClusterReadinessCheck(tags: [EngineHealthChecks.Ready]);
        return akka.AddSetup(new EntityPlacementSetup(new ShardedEntityPlacement(cluster)));
    }
}
