using System.Diagnostics;
using System.Text.Json.Nodes;
using AuthActors.Cluster.Tests.Support;
using AuthActors.DevProvider;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using Xunit.Abstractions;

namespace AuthActors.Cluster.Tests;

/// <summary>
/// The token vault in a farm: three engine nodes and two frontends, each its own process, on a real PostgreSQL,
/// against the DevProvider, which rotates refresh tokens and revokes the whole grant when a spent one comes back.
/// </summary>
[Collection(nameof(ClusterTests))]
public sealed class VaultClusterTests(ITestOutputHelper output)
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";

    [Fact]
    public async Task One_hundred_concurrent_token_requests_for_an_expiring_grant_over_three_engine_nodes_make_one_refresh()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var subject = (await LoginAsync(cluster, 1, TimeSpan.FromSeconds(5))).Single();
        var watch = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => cluster.Engines[i % 3]!.SendAsync("token", "dev2", subject)));

        output.WriteLine($"100 callers over 3 engine nodes: {cluster.Provider.Counters.RefreshRotations} refresh request(s) at the provider, " +
                         $"{results.Count(r => (bool)r["ok"]!)} got a token, in {watch.ElapsedMilliseconds} ms");
        Assert.All(results, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Single(results.Select(r => (string)r["token"]!).Distinct());
        Assert.Equal(1, cluster.Provider.Counters.RefreshRotations);
        Assert.Equal(0, cluster.Provider.Counters.RefreshReuseAttempts);
        Assert.DoesNotContain(results, r => (string?)r["providerError"] == "invalid_grant");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killing_the_node_that_owns_grants_during_their_refresh_loses_no_refresh_token_silently(bool providerRotatedBeforeTheKill)
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var subjects = await LoginAsync(cluster, 30, TimeSpan.FromSeconds(5));
        var shards = await Task.WhenAll(cluster.Engines.Select(async e => (int)(await e!.SendAsync("shards", "grants"))["shards"]!));
        var victim = Array.IndexOf(shards, shards.Max());
        var tokenRequests = cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        // Either the provider holds each refresh request before looking at it (a killed caller's request is then
        // dropped unprocessed), or it rotates first and holds the answer (a killed caller never hears of the new token).
        cluster.Provider.Knobs.Set("dev-client", providerRotatedBeforeTheKill
            ? new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(4) }
            : new DevClientKnobs { Latency = TimeSpan.FromSeconds(4) });
        var inFlight = subjects.Select((s, i) => cluster.Frontends[i % 2]!.SendAsync("token", "dev2", s)).ToList();
        await AwaitAsync(() => providerRotatedBeforeTheKill
            ? cluster.Provider.Counters.RefreshRotations == subjects.Count
            : cluster.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token) - tokenRequests == subjects.Count);
        cluster.Engines[victim]!.KillHard();
        cluster.Engines[victim] = null;
        cluster.Provider.Knobs.ClearAll();
        await Task.WhenAll(inFlight);
        await cluster.AwaitMembersUpAsync(4, seconds: 90);

        var after = await Task.WhenAll(subjects.Select((s, i) => RetryAsync(() => cluster.Frontends[i % 2]!.SendAsync("token", "dev2", s))));
        var usable = after.Count(r => (bool)r["ok"]!);
        var lost = after.Count(r => (string?)r["reason"] == "RefreshOutcomeLost");
        output.WriteLine($"grant shards per engine node {string.Join(", ", shards)}; killed node {victim} with SIGKILL during 30 refreshes " +
                         $"({(providerRotatedBeforeTheKill ? "after" : "before")} the provider rotated): {usable} grants usable, {lost} reported RefreshOutcomeLost, " +
                         $"{cluster.Provider.Counters.RefreshReuseAttempts} spent refresh tokens presented");

        Assert.Equal(subjects.Count, usable + lost);
        if (providerRotatedBeforeTheKill)
        {
            // The victim's grants heard nothing of their new tokens: each says so, and presented its spent token once to find out.
            Assert.InRange(lost, 1, subjects.Count);
            Assert.Equal(lost, cluster.Provider.Counters.RefreshReuseAttempts);
        }
        else
        {
            Assert.Equal(subjects.Count, usable);
            Assert.Equal(0, cluster.Provider.Counters.RefreshReuseAttempts);
        }

        // A usable grant holds a refresh token the provider still honours: a forced refresh of each succeeds.
        var refreshed = await Task.WhenAll(subjects.Where((_, i) => (bool)after[i]["ok"]!)
            .Select((s, i) => RetryAsync(() => cluster.Engines.OfType<EngineProcess>().ElementAt(i % 2).SendAsync("refresh", "dev2", s))));
        Assert.All(refreshed, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
    }

    [Fact]
    public async Task Every_grant_is_still_there_and_usable_after_the_whole_cluster_restarts()
    {
        await using var cluster = await ClusterHarness.StartAsync();
        var subjects = await LoginAsync(cluster, 20, accessTokenLifetime: null);
        var before = await Task.WhenAll(subjects.Select(s => cluster.Frontends[0]!.SendAsync("token", "dev2", s)));

        await cluster.KillAllHardAsync();
        await cluster.StartAllAsync();
        var after = await Task.WhenAll(subjects.Select(s => RetryAsync(() => cluster.Frontends[1]!.SendAsync("token", "dev2", s))));

        Assert.All(after, r => Assert.True((bool)r["ok"]!, r.ToJsonString()));
        Assert.Equal(before.Select(r => (string)r["token"]!), after.Select(r => (string)r["token"]!));
        Assert.Equal(0, cluster.Provider.Counters.RefreshRotations);
    }

    // Logs in `count` distinct users (login_hint) through the frontends; with a lifetime inside the vault's 60 s
    // leeway their grants are due for refresh at once.
    private static async Task<List<string>> LoginAsync(ClusterHarness cluster, int count, TimeSpan? accessTokenLifetime)
    {
        if (accessTokenLifetime is { } lifetime)
        {
            cluster.Provider.Knobs.Set("dev-client", new DevClientKnobs { AccessTokenLifetime = lifetime });
        }

        using var gate = new SemaphoreSlim(8);
        var subjects = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var begun = await RetryAsync(() => cluster.Frontends[i % 2]!.SendAsync("begin", "dev2", Callback, $"user-{i}"));
                Assert.True((bool)begun["ok"]!, begun.ToJsonString());
                var callback = await Browser.ApproveAsync((string)begun["url"]!);
                var completed = await cluster.Frontends[(i + 1) % 2]!.SendAsync("complete", "dev2", (string)begun["secret"]!, FormEncoding.Write(callback));
                Assert.True((bool)completed["ok"]!, completed.ToJsonString());
                Assert.True((bool?)completed["grant"], completed.ToJsonString());
                Assert.Equal($"user-{i}", (string?)completed["subject"]);
                return $"user-{i}";
            }
            finally
            {
                gate.Release();
            }
        }));
        cluster.Provider.Knobs.ClearAll();
        return subjects.ToList();
    }

    // Retries while the cluster answers Timeout or JournalUnavailable (rebalancing, recovery after a kill).
    private static async Task<JsonObject> RetryAsync(Func<Task<JsonObject>> send)
    {
        JsonObject result = null!;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            result = await send();
            if ((string?)result["reason"] is not ("Timeout" or "JournalUnavailable"))
            {
                return result;
            }

            await Task.Delay(500);
        }

        return result;
    }

    private static async Task AwaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(25);
        }
    }
}
