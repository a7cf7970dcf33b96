using Akka.Actor;
using Akka.Hosting;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Statistics;
using AuthActors.Engine.Vault;
using AuthActors.Hosting.Cluster;
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

/// <summary>Registers the AuthActors engine in a host.</summary>
public static class AuthActorsServiceCollectionExtensions
{
    private static readonly HashSet<string> QueryTokenFixes = new(StringComparer.OrdinalIgnoreCase) { "weibo", "douban", "instagram" };

    /// <summary>The name of the actor system.</summary>
    public const string ActorSystemName = "authactors";

    /// <summary>
    /// Adds the engine: options from the <c>AuthActors</c> section (validated on start), the actor system
    /// (Akka.Hosting) with its journal and serializer, one provider supervisor per provider, the journal
    /// purge, and <see cref="IAuthFlows"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthActors(builder.Configuration);
    /// // later: app.Services.GetRequiredService&lt;IAuthFlows&gt;().BeginAsync("github", "https://app.example/auth/github/callback");
    /// </code>
    /// </example>
    public static AuthActorsBuilder AddAuthActors(this IServiceCollection services, IConfiguration configuration, Action<AuthActorsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new AuthActorsBuilder(services);
        var optionsBuilder = services.AddOptions<AuthActorsOptions>().Bind(configuration.GetSection(AuthActorsOptions.SectionName));
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthActorsOptions>>(new AuthActorsOptionsValidator(builder));
        services.AddSingleton<EngineHandle>();
        services.AddSingleton<IAuthFlows>(sp => sp.GetRequiredService<EngineHandle>());
        services.AddSingleton<ITokenVault>(sp => sp.GetRequiredService<EngineHandle>().Vault);
        services.AddHostedService<JournalJanitor>();
        services.AddHealthChecks()
            .AddCheck<OidcDiscoveryHealthCheck>("authactors-oidc-discovery", HealthStatus.Degraded, [EngineHealthChecks.Ready], TimeSpan.FromSeconds(15));
        services.AddAkka(ActorSystemName, (akka, sp) => ConfigureEngine(akka, sp, builder));
        return builder;
    }

    internal static IReadOnlyList<ProviderDefinition> ProvidersOf(AuthActorsOptions options, AuthActorsBuilder builder, List<string> errors)
    {
        var result = new List<ProviderDefinition>();
        foreach (var (name, provider) in options.Providers)
        {
            if (ProviderDefinitionFactory.Build(name, provider, options.DevProviderUrl, errors, requireSecrets: !options.Cluster.IsFrontend,
                    allowInsecureHttp: options.AllowInsecureHttp) is { } definition)
            {
                result.Add(definition);
            }
        }

        result.AddRange(builder.CodeProviders);
        foreach (var duplicate in result.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"Provider '{duplicate.Key}' is defined more than once.");
        }

        return result;
    }

    internal static string ResolvePath(AuthActorsOptions options, IHostEnvironment environment, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(options.RootDirectory ?? environment.ContentRootPath, path);

    private static void ConfigureEngine(AkkaConfigurationBuilder akka, IServiceProvider sp, AuthActorsBuilder builder)
    {
        var options = sp.GetRequiredService<IOptions<AuthActorsOptions>>().Value;
        var environment = sp.GetRequiredService<IHostEnvironment>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors");
        var dataDirectory = ResolvePath(options, environment, options.DataDirectory);
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

        var cluster = options.Cluster;
        // Frontends host no attempts, so they never touch a journal.
        var kind = cluster.IsFrontend ? JournalKind.InMemory : JournalSetup.KindOf(options.Persistence);
        var connectionString = kind == JournalKind.InMemory ? string.Empty : JournalSetup.ConnectionStringOf(options.Persistence, dataDirectory);
        if (kind == JournalKind.Sqlite)
        {
            JournalSetup.PrepareSqlite(connectionString);
            akka.AddSetup(JournalSetup.SqliteDataOptions(connectionString, options.Persistence.SqliteSynchronous));
        }

        foreach (var file in options.HoconFiles)
        {
            akka.AddHoconFile(ResolvePath(options, environment, file), HoconAddMode.Prepend);
        }

        // Health (EngineHealthChecks): live = the actor system runs (/healthz); ready = it runs, the journal answers,
        // in a cluster this member is Up, and the OpenID providers' metadata is fresh (/readyz).
        akka.WithActorSystemLivenessCheck(tags: [EngineHealthChecks.Live, EngineHealthChecks.Ready]);
        if (cluster.Enabled)
        {
            Akka.Cluster.Hosting.AkkaClusterHostingExtensions.WithAkkaClusterReadinessCheck(akka, tags: [EngineHealthChecks.Ready]);
        }

        if (!cluster.IsFrontend)
        {
            var probeTimeout = TimeSpan.FromSeconds(5);
            akka.WithHealthCheck("authactors-journal", (system, _, ct) => EngineHealthChecks.JournalAsync(system, probeTimeout, ct),
                HealthStatus.Unhealthy, [EngineHealthChecks.Ready], probeTimeout + TimeSpan.FromSeconds(1));
        }

        akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .AddHocon(JournalSetup.Hocon(kind, connectionString), HoconAddMode.Append)
            .AddHocon(AuthActorsSettings.DefaultConfig(), HoconAddMode.Append)
            .AddSetup(AuthActorsSerialization.Setup(EncryptionKeys.Load(options.Encryption, dataDirectory, logger)));
        if (cluster.Enabled)
        {
            ClusterWiring.Configure(akka, cluster);
        }

        foreach (var configure in builder.AkkaConfigurators)
        {
            configure(akka, sp);
        }

        akka.WithActors((system, _) =>
        {
            var settings = AuthActorsSettings.Create(system);
            var transport = builder.Transport ?? new FlurlOAuthTransport(timeout: settings.CallTimeout);
            var errors = new List<string>();
            var runtimes = new List<ProviderRuntime>();
            var routes = ProvidersOf(options, builder, errors).Select(definition =>
            {
                var runtime = cluster.IsFrontend ? null : new ProviderRuntime(definition, transport, settings, builder.Clock, builder.Random, builder.Behaviors);
                if (runtime is not null)
                {
                    runtimes.Add(runtime);
                }

                var router = cluster.Enabled
                    ? ClusterWiring.RegionFor(system, cluster, settings, runtime, definition.Name)
                    : system.ActorOf(ProviderSupervisor.Props(runtime!), $"provider-{definition.Name}");
                return (definition, router);
            }).ToList();
            var definitions = routes.Select(r => r.definition).ToList();
            var runtimesByName = runtimes.ToDictionary(r => r.Name, StringComparer.Ordinal);
            var grants = cluster.Enabled
                ? ClusterWiring.GrantsFor(system, cluster, settings, runtimesByName)
                : system.ActorOf(TokenGrant.LocalShardProps(runtimesByName), "grants");
            var vault = new TokenVault(grants, definitions, settings, builder.Clock, builder.Random);
            system.ActorOf(vault.UpdateRelayProps(), "token-updates");
            if (cluster.Enabled && !cluster.IsFrontend)
            {
                // Start the journal now, so it creates its tables before the first login needs them.
                Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
            }

            var statistics = system.ActorOf(AttemptStatistics.Props(builder.Clock), "attempt-statistics");
            if (cluster.Enabled)
            {
                system.ActorOf(cluster.IsFrontend ? StatisticsRelay.Subscriber(statistics) : StatisticsRelay.Publisher(), "attempt-statistics-relay");
            }
            sp.GetRequiredService<EngineHandle>().Attach(new AuthFlows(routes, settings, builder.Random, statistics, vault), runtimes, vault);
        });
    }
}
