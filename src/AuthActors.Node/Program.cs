// An AuthActors engine node: the actor system, its journal and provider supervisors as a background
// service. Ctrl+C or SIGTERM stops it gracefully through Akka's CoordinatedShutdown.
using AuthActors.DevProvider;
using AuthActors.Engine.Flows;
using AuthActors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.AddAuthActorsConfiguration(args);
// Metrics and traces: OTLP when AuthActors:Telemetry:OtlpEndpoint is set, the console when AuthActors:Telemetry:Console
// is true. The node serves no HTTP: its health checks (live, ready) are registered for a host that maps them.
builder.Services.AddAuthActors(builder.Configuration).WithOpenTelemetry(builder.Configuration);
if (builder.Configuration.GetValue<bool>("AuthActors:EmbeddedDevProvider") && builder.Configuration["AuthActors:DevProviderUrl"] is { } devUrl)
{
    builder.Services.AddEmbeddedDevProvider(devUrl);
}

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
