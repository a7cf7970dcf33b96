// Starts the engine from the AuthActors.Hosting package on a SQLite journal with a provider defined in code, begins
// a login and prints one line the test checks. Exit code 0 only when the login began at the provider's endpoint.
using AuthActors.Engine.Flows;
using AuthActors.Hosting;
using AuthActors.Protocol.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var data = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "authactors-consumer", Guid.NewGuid().ToString("N"));
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AuthActors:DataDirectory"] = data,
    ["AuthActors:Persistence:Provider"] = "Sqlite",
});
builder.Services.AddAuthActors(builder.Configuration)
    .AddProvider(ProviderPresets.Create("github", "github", "consumer-client-id", "consumer-secret"));
using var host = builder.Build();
if (!AuthActorsConfigurationCheck.Validate(host.Services, Console.Error))
{
    return AuthActorsConfigurationCheck.InvalidConfigurationExitCode;
}

await host.StartAsync();
var flows = host.Services.GetRequiredService<IAuthFlows>();
var begun = await flows.BeginAsync("github", "https://app.example/auth/github/callback");
await host.StopAsync();
var ok = begun.IsSuccess && begun.AuthorizeUrl!.StartsWith("https://github.com/login/oauth/authorize?", StringComparison.Ordinal)
                         && File.Exists(Path.Combine(data, "authactors.db"));
Console.WriteLine($"providers={string.Join(',', flows.Providers.Select(p => p.Name))} begun={begun.IsSuccess} journal={File.Exists(Path.Combine(data, "authactors.db"))}");
return ok ? 0 : 3;
