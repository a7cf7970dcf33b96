using Akka.Actor;
using Akka.Hosting;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Statistics;
using AuthActors.Engine.Vault;
using AuthActors.Hosting.Composition;
using AuthActors.Hosting.Health;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting;

/// <summary>
/// Adds the AuthActors engine to an actor system configured with Akka.Hosting. Each extension reads the
/// <c>AuthActors</c> options registered by <see cref="AuthActorsServiceCollectionExtensions.AddAuthActorsServices"/> and
/// returns the builder.
/// </summary>
public static class AuthActorsAkkaExtensions
{
    private static readonly HashSet<string> QueryTokenFixes = new(StringComparer.OrdinalIgnoreCase) { "weibo", "douban", "instagram" };

    /// <summary>
    /// Everything from configuration: <see cref="WithAuthActorsPersistence"/>, the cluster (when
    /// <c>AuthActors:Cluster:Enabled</c>, with AuthActors.Hosting.Cluster added), <see cref="WithAuthActorsEngine"/>, and
    /// the builder's <see cref="AuthActorsBuilder.ConfigureAkka"/> callbacks. <c>AddAuthActors</c> calls it.
    /// </summary>
    /// <example><c>services.AddAkka("my-app", (akka, sp) => akka.WithAuthActors(sp));</c></example>
    public static AkkaConfigurationBuilder WithAuthActors(this AkkaConfigurationBuilder akka, IServiceProvider sp)
    {
        var (builder, options) = Of(sp);
        akka.WithAuthActorsPersistence(sp);
        if (options.Cluster.Enabled)
        {
            (builder.ClusterWiring ?? throw NotAdded("cluster", "AuthActors.Hosting.Cluster", "AddCluster()"))(akka, sp);
        }

        akka.WithAuthActorsEngine(sp);
        foreach (var configure in builder.AkkaConfigurators)
        {
            configure(akka, sp);
        }

        return akka;
    }

    /// <summary>
    /// The journal of <c>AuthActors:Persistence</c>: a SQLite file (the default, WAL on), in memory, or a journal that a
    /// package added (PostgreSQL: AuthActors.Hosting.PostgreSql); the HOCON files of <c>AuthActors:HoconFiles</c>; and the
    /// journal's readiness check. Cluster frontends host no attempts and get the in-memory journal.
    /// </summary>
    /// <example><c>akka.WithAuthActorsPersistence(sp).WithAuthActorsEngine(sp);</c></example>
    public static AkkaConfigurationBuilder WithAuthActorsPersistence(this AkkaConfigurationBuilder akka, IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(akka);
        var (builder, options) = Of(sp);
        var environment = sp.GetRequiredService<IHostEnvironment>();
        var dialect = JournalOf(builder, options);
        var connectionString = dialect is null ? string.Empty : JournalSetup.ConnectionStringOf(dialect, options.Persistence, DataDirectoryOf(options, environment));
        if (dialect is not null)
        {
            if (dialect == JournalSetup.Sqlite)
            {
                WarnAboutWatchedJournal(connectionString, sp);
            }

            dialect.Prepare?.Invoke(akka, connectionString, options.Persistence);
            if (JournalSetup.DirectReads(dialect) is { } directReads)
            {
                akka.AddSetup(directReads);
            }

            var probeTimeout = TimeSpan.FromSeconds(5);
            akka.WithHealthCheck("authactors-journal", (system, _, ct) => EngineHealthChecks.JournalAsync(system, probeTimeout, ct),
                HealthStatus.Unhealthy, [EngineHealthChecks.Ready], probeTimeout + TimeSpan.FromSeconds(1));
        }

        foreach (var file in options.HoconFiles)
        {
            akka.AddHoconFile(AuthActorsServiceCollectionExtensions.ResolvePath(options, environment, file), HoconAddMode.Prepend);
        }

        return akka.AddHocon(JournalSetup.Hocon(dialect, connectionString, options.Persistence), HoconAddMode.Append);
    }

    /// <summary>
    /// The engine: its settings and serializer (secrets sealed with <c>AuthActors:Encryption</c>), logging through
    /// Microsoft.Extensions.Logging, the liveness check, and per provider a supervisor (or in a cluster a shard region)
    /// behind the attempt router, registered in the <c>ActorRegistry</c> as <see cref="AuthActorsAttempts"/>, the token
    /// vault's grants (a local shard, or one region for all providers) as <see cref="AuthActorsGrants"/>, and the
    /// statistics actor as <see cref="AuthActorsStatistics"/>. <see cref="Engine.Flows.IAuthFlows"/> and
    /// <see cref="Engine.Vault.ITokenVault"/> talk to them.
    /// </summary>
    /// <example><c>akka.WithAuthActorsPersistence(sp).WithAuthActorsEngine(sp);</c></example>
    public static AkkaConfigurationBuilder WithAuthActorsEngine(this AkkaConfigurationBuilder akka, IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(akka);
        var (builder, options) = Of(sp);
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors");
        WarnAboutInsecureSettings(options, logger);
        var catalog = sp.GetRequiredService<ProviderCatalog>();
        var definitions = catalog.Build(options).Definitions;
        var dataDirectory = DataDirectoryOf(options, sp.GetRequiredService<IHostEnvironment>());

        // Health (EngineHealthChecks): live = the actor system runs (/healthz); ready = it runs, the journal answers,
        // in a cluster this member is Up, and the OpenID providers' metadata is fresh (/readyz).
        akka.WithActorSystemLivenessCheck(tags: [EngineHealthChecks.Live, EngineHealthChecks.Ready]);
        akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .AddHocon(AuthActorsSettings.DefaultConfig(), HoconAddMode.Append)
            .AddSetup(AuthActorsSerialization.Setup(EncryptionKeys.Load(options.Encryption, dataDirectory, logger)));
        return akka.WithActors((system, registry) =>
        {
            StartSchedulerClock(system);
            var setup = system.Settings.Setup.Get<EntityPlacementSetup>();
            var placement = setup.HasValue ? setup.Value.Placement : LocalEntityPlacement.Instance;
            if (options.Cluster.Enabled && placement is LocalEntityPlacement)
            {
                throw NotAdded("cluster", "AuthActors.Hosting.Cluster", "WithAuthActorsCluster(sp)");
            }

            var settings = AuthActorsSettings.Create(system);
            var transport = builder.Transport ?? new FlurlOAuthTransport(
                new Flurl.Http.FlurlClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(AuthActorsServiceCollectionExtensions.ProviderHttpClient)),
                settings.CallTimeout);
            var runtimes = placement.HostsEntities
                ? definitions.Select(d => new ProviderRuntime(d, transport, settings, builder.Clock, builder.Random, builder.Behaviors)).ToList()
                : [];
            catalog.Runtimes = runtimes;

            // The entity kinds this node hosts or reaches, each placed locally or in the cluster. A new kind is one more
            // placement.Start(...) here, registered under its own marker.
            var attempts = definitions.ToDictionary(d => d.Name, d => placement.Start(system, AttemptsOf(d, runtimes.SingleOrDefault(r => r.Name == d.Name))),
                StringComparer.Ordinal);
            registry.Register<AuthActorsAttempts>(system.ActorOf(AttemptRouter.Props(attempts), "attempts"));
            registry.Register<AuthActorsGrants>(placement.Start(system, GrantsOf(runtimes.ToDictionary(r => r.Name, StringComparer.Ordinal))));

            var statistics = system.ActorOf(AttemptStatistics.Props(builder.Clock), "attempt-statistics");
            registry.Register<AuthActorsStatistics>(statistics);
            placement.Started(system, statistics);
        });
    }

    // Akka's scheduler starts its clock on the first timer, with a thread-pool work item, and each caller waits until the
    // clock runs. When the first timers come from a burst (a restarted node taking a thousand callbacks: every recovery
    // sets one), their callers hold every pool thread waiting for that work item, which is queued behind them, and logins
    // stall until the pool adds a thread: 5 to 10 s in 4 of 24 restarts measured. One timer set here, while the pool is
    // idle, starts the clock before the host's start returns.
    private static void StartSchedulerClock(ActorSystem system) => system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });

    // One provider's attempts: entity id = attempt id (the OAuth 2 state). A frontend has no runtime and only reaches them.
    private static AuthActorsEntity AttemptsOf(ProviderDefinition definition, ProviderRuntime? runtime) => new(
        "attempts-" + definition.Name,
        message => message is AuthorizationAttempt.ICommand command ? command.AttemptId : null,
        (id, parent) => AuthorizationAttempt.Props(runtime ?? throw NoRuntime(definition), id, parent),
        () => ProviderSupervisor.Props(runtime ?? throw NoRuntime(definition)),
        AuthorizationAttempt.Stop.Instance);

    // Every provider's grants, one kind: entity id = grant id (provider and a hash of the subject), so a grant lives
    // on one node at a time and its refreshes are single-flight across the cluster.
    private static AuthActorsEntity GrantsOf(IReadOnlyDictionary<string, ProviderRuntime> runtimes) => new(
        "grants",
        message => (message as TokenGrant.ICommand)?.GrantId,
        (id, parent) => TokenGrant.Props(runtimes, id, parent),
        () => TokenGrant.LocalShardProps(runtimes),
        TokenGrant.Stop.Instance);

    private static InvalidOperationException NoRuntime(ProviderDefinition definition) =>
        new($"Provider '{definition.Name}' has no runtime on this node (a cluster frontend hosts no attempts).");

    internal static JournalDialect? JournalOf(AuthActorsBuilder builder, AuthActorsOptions options) =>
        options.Cluster.IsFrontend || JournalSetup.IsInMemory(options.Persistence)
            ? null
            : builder.Journals.TryGetValue(options.Persistence.Provider, out var dialect)
                ? dialect
                : throw NotAdded($"'{options.Persistence.Provider}' journal", "AuthActors.Hosting." + options.Persistence.Provider, "AddPostgreSql()");

    internal static string DataDirectoryOf(AuthActorsOptions options, IHostEnvironment environment) =>
        AuthActorsServiceCollectionExtensions.ResolvePath(options, environment, options.DataDirectory);

    private static (AuthActorsBuilder Builder, AuthActorsOptions Options) Of(IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(sp);
        var builder = sp.GetService<AuthActorsBuilder>()
                      ?? throw new InvalidOperationException("Call services.AddAuthActorsServices(configuration) (or AddAuthActors) before the WithAuthActors… extensions.");
        return (builder, sp.GetRequiredService<IOptionsMonitor<AuthActorsOptions>>().CurrentValue);
    }

    private static InvalidOperationException NotAdded(string what, string package, string call) =>
        new($"The configuration asks for the {what}, but it is not added: reference the package {package} and call {call}.");

    private static void WarnAboutWatchedJournal(string connectionString, IServiceProvider sp)
    {
        if (JournalSetup.SqliteFileOf(connectionString) is { } file
            && ConfigurationWatchers.WatchedRootOver(sp.GetRequiredService<IConfiguration>(), file) is { } root)
        {
            // Measured in the benchmark: the watcher's thread took about a tenth of the app's CPU at 2,000 logins/s.
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors").LogWarning(
                "The SQLite journal {File} lies inside {Root}, which the host watches for configuration changes: every journal write wakes the host's file watcher. "
                + "Move AuthActors:DataDirectory (or the connection string's file) out of it, or start the host with --hostBuilder:reloadConfigOnChange=false.",
                file, root);
        }
    }

    private static void WarnAboutInsecureSettings(AuthActorsOptions options, ILogger logger)
    {
        foreach (var (name, provider) in options.Providers.Where(p => p.Value.ComplianceFix is { } fix && QueryTokenFixes.Contains(fix)))
        {
            // RFC 9700 §4.3.2: a token in a URL ends up in logs and Referer headers. These fixes are opt-in for
            // providers that accept nothing else.
            logger.LogWarning("Provider {Provider} uses the compliance fix {Fix}, which sends the access token in the URL query (RFC 9700 §4.3.2)",
                name, provider.ComplianceFix);
        }

        if (options.AllowInsecureHttp)
        {
            logger.LogWarning("AuthActors:AllowInsecureHttp is on: provider endpoints may use plain http. Never in production.");
        }
    }
}
