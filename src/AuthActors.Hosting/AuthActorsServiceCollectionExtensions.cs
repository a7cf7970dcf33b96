using Akka.Hosting;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Vault;
using AuthActors.Hosting.Composition;
using AuthActors.Hosting.Health;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting;

/// <summary>Registers the AuthActors engine in a host.</summary>
public static class AuthActorsServiceCollectionExtensions
{
    /// <summary>The name of the actor system that <see cref="AddAuthActors"/> creates.</summary>
    public const string ActorSystemName = "authactors";

    /// <summary>
    /// The <c>IHttpClientFactory</c> client every call to a provider goes through (token, refresh, revocation,
    /// discovery, keys, user info), so the standard HttpClient instrumentation applies and handlers can be added:
    /// <c>services.AddHttpClient(AuthActorsServiceCollectionExtensions.ProviderHttpClient).AddHttpMessageHandler(...)</c>.
    /// Its primary handler never follows redirects (RFC 9700 §4.11). Do not add retries for POSTs: a retried token
    /// request redeems a code twice.
    /// </summary>
    public const string ProviderHttpClient = "AuthActors.Providers";

    /// <summary>
    /// Adds the engine in one line: <see cref="AddAuthActorsServices"/> and an actor system (Akka.Hosting's
    /// <c>AddAkka</c>) set up by <see cref="AuthActorsAkkaExtensions.WithAuthActors"/>: its journal, the cluster
    /// when configured and added, one provider supervisor (or shard region) per provider, and <see cref="IAuthFlows"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthActors(builder.Configuration);                              // SQLite or in memory
    /// builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().AddCluster(); // with AuthActors.Hosting.PostgreSql and .Cluster
    /// // later: app.Services.GetRequiredService&lt;IAuthFlows&gt;().BeginAsync("github", "https://app.example/auth/github/callback");
    /// </code>
    /// </example>
    public static AuthActorsBuilder AddAuthActors(this IServiceCollection services, IConfiguration configuration, Action<AuthActorsOptions>? configure = null)
    {
        var builder = services.AddAuthActorsServices(configuration, configure);
        services.AddAkka(ActorSystemName, (akka, sp) => akka.WithAuthActors(sp));
        return builder;
    }

    /// <summary>
    /// Adds what the engine needs outside the actor system, for a host that calls <c>AddAkka</c> itself: the options of
    /// the <c>AuthActors</c> section (validated on start), <see cref="IAuthFlows"/> (resolved from the
    /// <c>ActorRegistry</c> once the engine runs), the journal purge and the health checks. Then add the engine to the
    /// actor system with the <c>WithAuthActors…</c> extensions of <see cref="AuthActorsAkkaExtensions"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthActorsServices(builder.Configuration);
    /// builder.Services.AddAkka("my-app", (akka, sp) => akka
    ///     .WithActors((system, registry) => { /* the app's own actors */ })
    ///     .WithAuthActorsPersistence(sp)
    ///     .WithAuthActorsEngine(sp));
    /// </code>
    /// </example>
    public static AuthActorsBuilder AddAuthActorsServices(this IServiceCollection services, IConfiguration configuration, Action<AuthActorsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new AuthActorsBuilder(services);
        var optionsBuilder = services.AddOptions<AuthActorsOptions>().Bind(configuration.GetSection(AuthActorsOptions.SectionName));
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.AddSingleton(builder);
        services.AddSingleton<ProviderCatalog>();
        services.AddSingleton<IValidateOptions<AuthActorsOptions>, AuthActorsOptionsValidator>();
        services.AddHttpClient(ProviderHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The engine keeps one client for its lifetime; the pooled connections are renewed by PooledConnectionLifetime.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IAuthFlows>(sp => CreateFlows(sp, builder));
        services.AddSingleton<ITokenVault>(sp => CreateVault(sp, builder));
        services.AddHostedService<JournalJanitor>();
        services.AddHealthChecks()
            .AddCheck<OidcDiscoveryHealthCheck>("authactors-oidc-discovery", HealthStatus.Degraded, [EngineHealthChecks.Ready], TimeSpan.FromSeconds(15));
        return builder;
    }

    internal static string ResolvePath(AuthActorsOptions options, IHostEnvironment environment, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(options.RootDirectory ?? environment.ContentRootPath, path);

    // The facade over the actors that WithAuthActorsEngine registered. Resolving it before the engine has started fails
    // (and is not cached), so a caller that comes too early gets a clear message rather than a facade without actors.
    private static AuthFlows CreateFlows(IServiceProvider sp, AuthActorsBuilder builder)
    {
        var registry = sp.GetRequiredService<ActorRegistry>();
        if (!registry.TryGet<AuthActorsAttempts>(out var attempts) || !registry.TryGet<AuthActorsStatistics>(out var statistics))
        {
            throw new InvalidOperationException("The AuthActors engine has not started yet (the host is still starting, or WithAuthActorsEngine was not called).");
        }

        var options = sp.GetRequiredService<IOptionsMonitor<AuthActorsOptions>>().CurrentValue;
        var settings = AuthActorsSettings.Create(sp.GetRequiredService<Akka.Actor.ActorSystem>());
        var definitions = sp.GetRequiredService<ProviderCatalog>().Build(options).Definitions;
        return new AuthFlows(definitions.Select(d => (d, attempts)), settings, builder.Random, statistics, sp.GetRequiredService<ITokenVault>(), builder.Clock);
    }

    // The token vault over the grants that WithAuthActorsEngine registered; like the flows, it fails (uncached) before
    // the engine has started. Its TokenUpdated event is raised from this node's event stream.
    private static TokenVault CreateVault(IServiceProvider sp, AuthActorsBuilder builder)
    {
        var registry = sp.GetRequiredService<ActorRegistry>();
        if (!registry.TryGet<AuthActorsGrants>(out var grants))
        {
            throw new InvalidOperationException("The AuthActors engine has not started yet (the host is still starting, or WithAuthActorsEngine was not called).");
        }

        var system = sp.GetRequiredService<Akka.Actor.ActorSystem>();
        var options = sp.GetRequiredService<IOptionsMonitor<AuthActorsOptions>>().CurrentValue;
        var vault = new TokenVault(grants, sp.GetRequiredService<ProviderCatalog>().Build(options).Definitions, AuthActorsSettings.Create(system), builder.Clock, builder.Random);
        system.ActorOf(vault.UpdateRelayProps(), "token-updates");
        return vault;
    }
}
