// A child process that hosts a real engine (AddAuthActors: SQLite journal, dev key file, provider
// supervisors) and takes commands on stdin, so that tests can kill it with SIGKILL mid-login.
// Protocol: "<id> begin <provider> <redirectUri> [loginHint]" | "<id> complete <provider> <bindingSecret> <query>" |
// "<id> status <provider> <attemptId>" | "<id> token <provider> <subject>" | "<id> refresh <provider> <subject>" (refreshes
// unless the grant's token changed meanwhile, as after a 401) | "<id> members" | "<id> shards [grants]" (cluster nodes);
// each answer is one line "<id> <json>". Logs go to stderr.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Vault;
using AuthActors.Hosting;
using AuthActors.Hosting.Cluster;
using AuthActors.Hosting.PostgreSql;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Debug);
// Single node on SQLite by default; the cluster tests start it as an engine node on PostgreSQL.
builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().AddCluster();
using var host = builder.Build();
await host.StartAsync();
var flows = host.Services.GetRequiredService<IAuthFlows>();
var vault = host.Services.GetRequiredService<ITokenVault>();
var output = Console.Out;
var gate = new SemaphoreSlim(1);
await Write("0", new JsonObject { ["ready"] = true });

var pending = new List<Task>();
while (await Console.In.ReadLineAsync() is { } line)
{
    var parts = line.Split(' ', 5);
    if (parts.Length < 2)
    {
        continue;
    }

    pending.Add(Task.Run(() => HandleAsync(parts)));
}

await Task.WhenAll(pending);
await host.StopAsync();

async Task HandleAsync(string[] parts)
{
    var id = parts[0];
    try
    {
        switch (parts[1])
        {
            case "begin":
                var begun = await flows.BeginAsync(parts[2], parts[3],
                    parts.Length > 4 ? new BeginOptions { ExtraParameters = [new("login_hint", parts[4])] } : null);
                await Write(id, new JsonObject
                {
                    ["ok"] = begun.IsSuccess, ["attemptId"] = begun.AttemptId, ["url"] = begun.AuthorizeUrl,
                    ["secret"] = begun.BindingSecret, ["reason"] = begun.Failure?.Reason.ToString(),
                });
                break;
            case "complete":
                var callback = FormEncoding.Parse(parts.Length > 4 ? parts[4] : string.Empty);
                var completed = await flows.CompleteAsync(parts[2], null, callback, parts[3]);
                await Write(id, new JsonObject
                {
                    ["ok"] = completed.IsSuccess, ["reason"] = completed.Failure?.Reason.ToString(),
                    ["providerError"] = completed.Failure?.ProviderError, ["token"] = Fingerprint(completed.Token),
                    ["subject"] = completed.Identity?.Subject, ["grant"] = completed.Grant?.IsSuccess,
                    // The test channel (stdout) carries the value so tests can prove the logs (stderr) never do.
                    ["tokenValue"] = completed.Token switch { OAuth2Token t => t.AccessToken, OAuth1Token t => t.TokenSecret, _ => null },
                });
                break;
            case "token":
            case "refresh":
                var result = await vault.GetTokenAsync(parts[2], parts[3]);
                if (parts[1] == "refresh" && result.Token is { } current)
                {
                    result = await vault.RefreshAsync(parts[2], parts[3], current);
                }

                await Write(id, new JsonObject
                {
                    ["ok"] = result.IsSuccess, ["reason"] = result.Failure?.Reason.ToString(), ["providerError"] = result.Failure?.ProviderError,
                    ["token"] = Fingerprint(result.Token), ["refreshes"] = result.Grant?.RefreshCount,
                });
                break;
            case "members":
                var cluster = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<Akka.Actor.ActorSystem>());
                await Write(id, new JsonObject
                {
                    ["up"] = cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up),
                    ["unreachable"] = cluster.State.Unreachable.Count,
                    ["address"] = cluster.SelfAddress.ToString(),
                });
                break;
            case "shards":
                var sharding = Akka.Cluster.Sharding.ClusterSharding.Get(host.Services.GetRequiredService<Akka.Actor.ActorSystem>());
                var total = 0;
                foreach (var provider in parts.Length > 2 && parts[2] == "grants" ? [] : flows.Providers)
                {
                    var state = await sharding.ShardRegion("attempts-" + provider.Name)
                        .Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
                    total += state.Shards.Count;
                }

                if (parts.Length > 2 && parts[2] == "grants")
                {
                    total = (await sharding.ShardRegion("grants")
                        .Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10))).Shards.Count;
                }

                await Write(id, new JsonObject { ["shards"] = total });
                break;
            case "stats":
                var stats = await flows.GetStatisticsAsync();
                await Write(id, new JsonObject
                {
                    ["exchanged"] = stats.Providers.Sum(p => p.Value.Entered.GetValueOrDefault(AuthActors.Engine.Attempts.AttemptPhase.Exchanged)),
                    ["redirected"] = stats.Providers.Sum(p => p.Value.Entered.GetValueOrDefault(AuthActors.Engine.Attempts.AttemptPhase.Redirected)),
                });
                break;
            case "status":
                var status = await flows.GetStatusAsync(parts[2], parts[3]);
                await Write(id, new JsonObject { ["phase"] = status.Phase.ToString(), ["failure"] = status.Failure?.ToString() });
                break;
            default:
                await Write(id, new JsonObject { ["error"] = "unknown command " + parts[1] });
                break;
        }
    }
    catch (Exception ex)
    {
        await Write(id, new JsonObject { ["error"] = ex.GetType().Name });
    }
}

async Task Write(string id, JsonObject json)
{
    await gate.WaitAsync();
    try
    {
        await output.WriteLineAsync(id + " " + json.ToJsonString());
        await output.FlushAsync();
    }
    finally
    {
        gate.Release();
    }
}

// Tests compare tokens without the host printing them.
static string? Fingerprint(OAuthToken? token) => token switch
{
    OAuth2Token t => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(t.AccessToken)))[..16],
    OAuth1Token t => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(t.Token)))[..16],
    _ => null,
};
