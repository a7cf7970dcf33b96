using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Tests.Support;
using Xunit.Abstractions;

namespace AuthActors.Engine.Tests.Hardening;

/// <summary>Slow providers and floods: a succeeded login is never reported as a Timeout, and a flood is shed with a typed Busy.</summary>
public sealed class SheddingAndDeadlineTests(ITestOutputHelper output)
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";

    [Fact]
    public async Task A_slow_provider_whose_calls_together_exceed_the_ask_timeout_still_answers_with_the_login()
    {
        // Each call is within its 2 s limit (with room for a loaded machine: a 1 s limit once cut a 700 ms call under
        // the full suite), but token + user info take about 1.4 s, longer than the 1 s ask timeout.
        await using var engine = await EngineHarness.StartAsync("authactors.attempt.call-timeout = 2s\nauthactors.ask-timeout = 1s");
        var begun = await engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(700) });

        var completed = await engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        Assert.Equal("dev-user-1", completed.Identity?.Subject);
    }

    [Fact]
    public async Task A_flood_of_begins_past_the_cap_is_shed_at_once_with_Busy_and_logins_work_after_it()
    {
        await using var engine = await EngineHarness.StartAsync("authactors.shedding.max-concurrent-begins-per-provider = 8");
        // OAuth 1 begins call the provider (request token), here slowly, so begins pile up.
        engine.Provider.Knobs.Set("dev-consumer", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(300) });

        var started = DateTime.UtcNow;
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => engine.Flows.BeginAsync("dev1", Callback)));
        var elapsed = DateTime.UtcNow - started;

        var busy = results.Count(r => r.Failure?.Reason == FailureReason.Busy);
        var begun = results.Count(r => r.IsSuccess);
        output.WriteLine($"200 concurrent begins with a cap of 8: {begun} begun, {busy} shed ({busy / 2.0:0.#}%), in {elapsed.TotalSeconds:0.00} s");
        Assert.Equal(200, busy + begun);
        Assert.InRange(begun, 8, 199);
        Assert.InRange(busy, 1, 192);

        engine.Provider.Knobs.ClearAll();
        var after = await engine.Flows.BeginAsync("dev1", Callback);
        var callback = await Browser.ApproveAsync(after.AuthorizeUrl!);
        Assert.True((await engine.Flows.CompleteAsync("dev1", null, callback, after.BindingSecret)).IsSuccess);
        Assert.Equal(busy, (await engine.Flows.GetStatisticsAsync()).FailuresByReason.GetValueOrDefault(FailureReason.Busy));
    }

    [Fact]
    public async Task Exchanges_past_the_token_endpoint_cap_wait_for_a_slot_and_all_complete()
    {
        await using var engine = await EngineHarness.StartAsync("authactors.shedding.max-concurrent-exchanges-per-provider = 2");
        var logins = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var begun = await engine.Flows.BeginAsync("dev2", Callback);
            return (begun, callback: await Browser.ApproveAsync(begun.AuthorizeUrl!));
        }));
        engine.Provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(100) });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(logins.Select(l => engine.Flows.CompleteAsync("dev2", null, l.callback, l.begun.BindingSecret)));
        clock.Stop();

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.ToString()));
        // Ten 100 ms token requests, two at a time, cannot finish in less than five rounds (a lower bound only).
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"10 exchanges took {clock.ElapsedMilliseconds} ms; the cap of 2 was not applied");
    }
}
