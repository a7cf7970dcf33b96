using Akka.Hosting;
using AuthActors.Hosting.Persistence;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Hosting;

/// <summary>
/// Returned by <c>AddAuthActors</c>: registers providers defined in code, replaces the edges (transport, clock,
/// randomness) for tests and benchmarks, and is where the optional packages plug in
/// (<c>AddPostgreSql()</c> from AuthActors.Hosting.PostgreSql, <c>AddCluster()</c> from AuthActors.Hosting.Cluster).
/// Every method returns the builder.
/// </summary>
public sealed class AuthActorsBuilder
{
    internal AuthActorsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    internal List<ProviderDefinition> CodeProviders { get; } = [];

    internal List<IProviderCallBehavior> Behaviors { get; } = [];

    internal List<Action<AkkaConfigurationBuilder, IServiceProvider>> AkkaConfigurators { get; } = [];

    internal IOAuthHttpTransport? Transport { get; private set; }

    internal TimeProvider? Clock { get; private set; }

    internal IRandomSource? Random { get; private set; }

    /// <summary>The SQL journals this host can use, by <c>AuthActors:Persistence:Provider</c> (SQLite is built in).</summary>
    internal Dictionary<string, JournalDialect> Journals { get; } = new(StringComparer.OrdinalIgnoreCase) { [JournalSetup.Sqlite.Name] = JournalSetup.Sqlite };

    /// <summary>Cluster mode's wiring, once AuthActors.Hosting.Cluster is added; <c>null</c> until then.</summary>
    internal Action<AkkaConfigurationBuilder, IServiceProvider>? ClusterWiring { get; set; }

    /// <summary>Adds a provider defined in code (for example one using <c>private_key_jwt</c>), next to the configured ones.</summary>
    /// <example><c>builder.AddProvider(ProviderPresets.Create("github", "github", id, secret));</c></example>
    public AuthActorsBuilder AddProvider(ProviderDefinition definition)
    {
        CodeProviders.Add(definition ?? throw new ArgumentNullException(nameof(definition)));
        return this;
    }

    /// <summary>Adds a behavior around every provider call (inside the timeout, outside the compliance hooks).</summary>
    public AuthActorsBuilder AddCallBehavior(IProviderCallBehavior behavior)
    {
        Behaviors.Add(behavior ?? throw new ArgumentNullException(nameof(behavior)));
        return this;
    }

    /// <summary>Replaces the HTTP transport (Flurl.Http by default).</summary>
    public AuthActorsBuilder WithTransport(IOAuthHttpTransport transport)
    {
        Transport = transport;
        return this;
    }

    /// <summary>Replaces the clock.</summary>
    public AuthActorsBuilder WithClock(TimeProvider clock)
    {
        Clock = clock;
        return this;
    }

    /// <summary>Replaces the random source.</summary>
    public AuthActorsBuilder WithRandom(IRandomSource random)
    {
        Random = random;
        return this;
    }

    /// <summary>
    /// Adds Akka configuration (HOCON, remoting, cluster) applied after the engine's own by <c>WithAuthActors</c> (so by
    /// <c>AddAuthActors</c>); a host composing its own <c>AddAkka</c> configures its builder directly.
    /// </summary>
    public AuthActorsBuilder ConfigureAkka(Action<AkkaConfigurationBuilder, IServiceProvider> configure)
    {
        AkkaConfigurators.Add(configure ?? throw new ArgumentNullException(nameof(configure)));
        return this;
    }
}
