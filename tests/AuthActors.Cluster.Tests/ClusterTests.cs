using System.Diagnostics;
using System.Text.Json.Nodes;
using AuthActors.Cluster.Tests.Support;
using AuthActors.DevProvider;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using Xunit.Abstractions;

namespace AuthActors.Cluster.Tests;

/// <summary>
/// Cluster mode on loopback: three engine nodes and two frontends, each its own process, on a real
/// PostgreSQL journal. Any node can begin, any node can take the callback, and losing a node loses nothing.
/// </summary>
[Collection(nameof(ClusterTests))]
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";

    private sealed record Pending(string Provider, string AttemptId, string Secret, string Query);

    [Fact]
    public async Task A_login_begun_on_one_frontend_completes_on_the_other()
    {
        await using var cluster = await ClusterHarness.StartAsync();

        // The frontends host no attempts, yet their status pages count what the engine nodes did. The count travels by
        // distributed pub-sub, whose subscriptions reach the engine nodes by gossip: logins that end before a frontend's
        // subscription has arrived there are not counted (at most once), so a round of logins runs again until two were.
        for (var round = 1; ; round++)
        {
            foreach (var provider in new[] { "dev2", "dev1" })
            {
                var begun = await cluster.Frontends[0]!.SendAsync("begin", provider, Callback);
                Assert.True((bool)begun["ok"]!, begun.ToJsonString());
                var callback = await Browser.ApproveAsync((string)begun["url"]!);
                var completed = await cluster.Frontends[1]!.SendAsync("complete", provider, (string)begun["secret"]!, FormEncoding.Write(callback));
                Assert.True((bool)completed["ok"]!, completed.ToJsonString());
            }

            var deadline = DateTime.UtcNow.AddSeconds(5);
            while ((int)(await cluster.Frontends[0]!.SendAsync("stats"))["exchanged"]! < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            if ((int)(await cluster.Frontends[0]!.SendAsync("stats"))["exchanged"]! >= 2)
            {
                break;
            }

            Assert.True(round < 3, "The frontend's statistics never counted two logins in three rounds.");
        }
    }

    [Fact]
    public async Task Killing_the_engine_node_with_the_most_shards_loses_no_attempt_and_exchanges_each_code_once()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var pending = await BeginAndApproveAsync(cluster, oauth2: 1000, oauth1: 200);
        Assert.Equal(1200, pending.Count);

        var shards = await Task.WhenAll(cluster.Engines.Select(async e => (int)(await e!.SendAsync("shards"))["shards"]!));
        var victim = Array.IndexOf(shards, shards.Max());
        output.WriteLine($"shards per engine node: {string.Join(", ", shards)}; killing node {victim} with SIGKILL");
        var healing = Stopwatch.StartNew();
        cluster.Engines[victim]!.KillHard();
        cluster.Engines[victim] = null;
        await cluster.AwaitMembersUpAsync(4, seconds: 90);
        output.WriteLine($"cluster healed (4 members up, none unreachable) {healing.Elapsed.TotalSeconds:0.0} s after the kill");

        var completeTime = Stopwatch.StartNew();
        var results = await CompleteAllAsync(cluster, pending);
        output.WriteLine($"completed {results.Count(r => (bool)r["ok"]!)} of {pending.Count} in {completeTime.Elapsed.TotalSeconds:0.0} s after healing");

        Assert.All(results, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Equal(1000, cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        Assert.Equal(1000, cluster.Provider.Counters.CodesRedeemed);
        Assert.Equal(0, cluster.Provider.Counters.CodeReuseAttempts);
        Assert.Equal(200, cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken));
        Assert.Equal(200, cluster.Provider.Counters.OAuth1AccessTokensIssued);
    }

    [Fact]
    public async Task A_node_that_leaves_during_exchanges_finishes_them_before_it_hands_its_attempts_over()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var pending = await BeginAndApproveAsync(cluster, oauth2: 90, oauth1: 30);
        // The token endpoint redeems each code at once and answers 4 s later; the OAuth 1 access-token endpoint
        // answers after 4 s. A stop in that window loses an answer the provider will not give twice.
        cluster.Provider.Knobs.Set("dev-client", new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(4) });
        cluster.Provider.Knobs.Set("dev-consumer", new DevClientKnobs { Latency = TimeSpan.FromSeconds(4) });
        var shards = await Task.WhenAll(cluster.Engines.Select(async e => (int)(await e!.SendAsync("shards"))["shards"]!));
        var leaver = Array.IndexOf(shards, shards.Max());

        var completing = CompleteAllAsync(cluster, pending, concurrency: pending.Count);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.Provider.Counters.CodesRedeemed < 90 || cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken) < 30)
        {
            Assert.True(DateTime.UtcNow < deadline, "The exchanges never all reached the provider.");
            await Task.Delay(50);
        }

        // Every exchange is now in flight. The node with the most shards leaves gracefully (SIGTERM): Cluster Sharding
        // hands its shards over and sends each of their attempts its stop message in the middle of its exchange.
        output.WriteLine($"shards per engine node: {string.Join(", ", shards)}; node {leaver} leaves while 120 exchanges are in flight");
        var leaving = Stopwatch.StartNew();
        await cluster.Engines[leaver]!.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        cluster.Engines[leaver] = null;
        output.WriteLine($"node {leaver} left in {leaving.Elapsed.TotalSeconds:0.0} s");
        var results = await completing;
        cluster.Provider.Knobs.ClearAll();

        // Each login completed with the one exchange it started: no retry redeemed a spent code or request token.
        Assert.All(results, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Equal(90, cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        Assert.Equal(0, cluster.Provider.Counters.CodeReuseAttempts);
        Assert.Equal(30, cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken));
        Assert.Equal(30, cluster.Provider.Counters.OAuth1AccessTokensIssued);

        // The journal agrees, wherever each attempt lives now: every one exchanged, none failed.
        var statuses = await Task.WhenAll(pending.Select(p => cluster.Frontends[0]!.SendAsync("status", p.Provider, p.AttemptId)));
        Assert.All(statuses, s => Assert.Equal("Exchanged", (string?)s["phase"]));
    }

    [Fact]
    public async Task Pending_attempts_complete_after_the_whole_cluster_restarts()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var pending = await BeginAndApproveAsync(cluster, oauth2: 100, oauth1: 20);

        await cluster.KillAllHardAsync();
        var restart = Stopwatch.StartNew();
        await cluster.StartAllAsync();
        output.WriteLine($"whole cluster restarted and up in {restart.Elapsed.TotalSeconds:0.0} s");

        var results = await CompleteAllAsync(cluster, pending);
        Assert.All(results, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Equal(100, cluster.Provider.Counters.CodesRedeemed);
    }

    [Fact]
    public async Task While_PostgreSQL_is_away_calls_fail_with_a_typed_error_and_no_attempt_is_lost()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var pending = await BeginAndApproveAsync(cluster, oauth2: 20, oauth1: 0);

        await cluster.Postgres.StopHardAsync();
        var duringBegins = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => cluster.Frontends[0]!.SendAsync("begin", "dev2", Callback)));
        var duringCompletes = await Task.WhenAll(pending.Take(5).Select(p => cluster.Frontends[1]!.SendAsync("complete", p.Provider, p.Secret, p.Query)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await cluster.Postgres.StartAgainAsync();

        Assert.All(duringBegins.Concat(duringCompletes), r =>
        {
            Assert.False((bool)r["ok"]!);
            Assert.Contains((string?)r["reason"], new[] { "JournalUnavailable", "Timeout" });
        });
        var results = await CompleteAllAsync(cluster, pending, attempts: 20);
        Assert.All(results, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.True((bool)(await cluster.Frontends[0]!.SendAsync("begin", "dev2", Callback))["ok"]!);
    }

    private static async Task<List<Pending>> BeginAndApproveAsync(ClusterHarness cluster, int oauth2, int oauth1)
    {
        using var gate = new SemaphoreSlim(32);
        var work = Enumerable.Range(0, oauth2 + oauth1).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var provider = i < oauth2 ? "dev2" : "dev1";
                var begun = await cluster.Frontends[i % 2]!.SendAsync("begin", provider, Callback);
                for (var retry = 0; retry < 3 && (string?)begun["reason"] == "Timeout"; retry++)
                {
                    // An Ask that timed out is retried, as callers should (a begin is safe to repeat: a new attempt).
                    begun = await cluster.Frontends[i % 2]!.SendAsync("begin", provider, Callback);
                }

                Assert.True((bool)begun["ok"]!, begun.ToJsonString());
                var callback = await Browser.ApproveAsync((string)begun["url"]!);
                return new Pending(provider, (string)begun["attemptId"]!, (string)begun["secret"]!, FormEncoding.Write(callback));
            }
            finally
            {
                gate.Release();
            }
        });
        return (await Task.WhenAll(work)).ToList();
    }

    /// <summary>Completes each login on the other frontend, retrying while the engine answers Timeout (rebalancing, recovery).</summary>
    private static async Task<JsonObject[]> CompleteAllAsync(ClusterHarness cluster, IReadOnlyList<Pending> pending, int attempts = 10, int concurrency = 32)
    {
        using var gate = new SemaphoreSlim(concurrency);
        return await Task.WhenAll(pending.Select(async (p, i) =>
        {
            await gate.WaitAsync();
            try
            {
                JsonObject result = null!;
                for (var attempt = 0; attempt < attempts; attempt++)
                {
                    result = await cluster.Frontends[(i + 1) % 2]!.SendAsync("complete", p.Provider, p.Secret, p.Query);
                    if ((string?)result["reason"] is not ("Timeout" or "JournalUnavailable"))
                    {
                        break;
                    }

                    await Task.Delay(500);
                }

                return result;
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
