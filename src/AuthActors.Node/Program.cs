// An AuthActors engine node: the actor system, its journal and provider supervisors (in a cluster, shard regions)
// as a background service, with no HTTP of its own: one process per engine node of a cluster, behind web frontends
// (AuthActors.Web with AuthActors:Cluster:Role=frontend). Ctrl+C or SIGTERM stops it gracefully through Akka's
// CoordinatedShutdown.
using AuthActors;
using AuthActors.DevProvider;
using AuthActors.Engine.Flows;
using AuthActors.Hosting;
using AuthActors.Hosting.Cluster;
using AuthActors.Hosting.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// As in AuthActors.Web: no reload watcher over the content root, which holds the SQLite journal (data/).
var builder = Host.CreateApplicationBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddAuthActorsConfiguration(ProjectRoot.Find(builder.Environment.ContentRootPath), args);
// Metrics and traces: OTLP when AuthActors:Telemetry:OtlpEndpoint is set, the console when AuthActors:Telemetry:Console
// is true. The node serves no HTTP: its health checks (live, ready) are registered for a host that maps them.
builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().AddCluster().WithOpenTelemetry(builder.Configuration);
builder.Services.AddAuthActorsDevProvider(builder.Configuration);
// A leaving node's attempts finish their provider calls before their shards move (up to 45 s, the reference
// configuration's cluster-sharding-shutdown-region phase): give the host's stop that long.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(50));

var host = builder.Build();
if (!AuthActorsConfigurationCheck.Validate(host.Services, Console.Error))
{
    return AuthActorsConfigurationCheck.InvalidConfigurationExitCode;
}

await host.StartAsync();
var providers = host.Services.GetRequiredService<IAuthFlows>().Providers;
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.Node")
    .LogInformation("AuthActors node started with providers: {Providers}", string.Join(", ", providers.Select(p => $"{p.Name} (OAuth {p.OAuthVersion})")));
await host.WaitForShutdownAsync();
return 0;
