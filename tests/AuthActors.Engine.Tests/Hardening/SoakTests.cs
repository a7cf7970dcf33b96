using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using AuthActors.DevProvider;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AuthActors.Engine.Tests.Hardening;

/// <summary>
/// A soak of the real engine process (AddAuthActors, SQLite) against a provider that fails about one call in
/// five (503 pages and dropped connections), then slow past the call timeout, then answering garbage:
/// every login ends typed, none hangs, a login works once the faults stop, and the whole log holds no
/// token, secret, code, verifier, binding value or state.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private static readonly string[] TypedFailures = ["HttpError", "TransportFailure", "InvalidResponse", "IdentityUnavailable", "ProviderError"];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "authactors-soak", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _logs = new();
    private readonly ConcurrentBag<string> _secrets = [];
    private DevProviderServer _provider = null!;
    private EngineProcess _engine = null!;

    public static int Logins => int.TryParse(Environment.GetEnvironmentVariable("AUTHACTORS_SOAK_LOGINS"), out var n) ? n : 500;

    public async Task InitializeAsync()
    {
        _provider = await DevProviderServer.StartAsync(new DevProviderOptions { FaultSeed = 7 });
        Directory.CreateDirectory(_data);
        var hocon = Path.Combine(_data, "soak.conf");
        await File.WriteAllTextAsync(hocon, "authactors.attempt.call-timeout = 1s\n");
        _engine = await EngineProcess.StartAsync(_data, _provider.BaseUrl, _logs, $"--AuthActors:HoconFiles:0={hocon}");
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(string Provider, string? AttemptId, string Outcome)> LoginAsync(string provider)
    {
        var begun = await _engine.SendAsync("begin", provider, Callback);
        var attemptId = (string)begun["attemptId"]!;
        _secrets.Add((string)begun["secret"]!);
        _secrets.Add(attemptId);
        if (!(bool)begun["ok"]!)
        {
            return (provider, null, "begin:" + (string?)begun["reason"]);
        }

        var callback = await Browser.ApproveAsync((string)begun["url"]!);
        foreach (var (_, value) in callback.Where(p => p.Key is "code" or "oauth_verifier" or "oauth_token"))
        {
            _secrets.Add(value);
        }

        var completed = await _engine.SendAsync("complete", provider, (string)begun["secret"]!, FormEncoding.Write(callback));
        if ((string?)completed["tokenValue"] is { } token)
        {
            _secrets.Add(token);
        }

        return (provider, attemptId, (bool)completed["ok"]! ? "ok" : "complete:" + (string?)completed["reason"]);
    }

    private async Task<List<(string Provider, string? AttemptId, string Outcome)>> RunAsync(int count, int concurrency)
    {
        var results = new ConcurrentBag<(string, string?, string)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => results.Add(await LoginAsync(i % 2 == 0 ? "dev2" : "dev1")));
        return results.ToList();
    }

    private void SetFaults(DevClientKnobs knobs)
    {
        _provider.Knobs.Set("dev-client", knobs);
        _provider.Knobs.Set("dev-consumer", knobs);
    }

    [Fact]
    public async Task Logins_under_provider_faults_all_end_typed_none_hang_and_no_secret_is_logged()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SetFaults(new DevClientKnobs { ErrorRate = 0.1, DropRate = 0.1 });
        var results = await RunAsync(Logins, 16);
        SetFaults(new DevClientKnobs { Latency = TimeSpan.FromSeconds(1.5) });
        results.AddRange(await RunAsync(10, 10));
        SetFaults(new DevClientKnobs { Quirk = DevQuirk.GarbageBody });
        results.AddRange(await RunAsync(20, 10));
        _provider.Knobs.ClearAll();
        var after = await RunAsync(4, 2);
        clock.Stop();

        var byOutcome = results.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}={g.Count()}");
        output.WriteLine($"{results.Count} logins under faults in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", byOutcome)}");

        // Every outcome is a success or a typed failure; nothing timed out or came back untyped.
        Assert.All(results, r => Assert.True(r.Outcome == "ok" || TypedFailures.Contains(r.Outcome.Split(':')[1]), r.Outcome));
        Assert.Contains(results, r => r.Outcome == "ok");
        Assert.Contains(results, r => r.Outcome != "ok");
        Assert.All(after, r => Assert.Equal("ok", r.Outcome));

        // No attempt hangs: every callback that was sent left its attempt terminal.
        var hung = 0;
        foreach (var (provider, attemptId, _) in results.Where(r => r.AttemptId is not null))
        {
            var phase = (string?)(await _engine.SendAsync("status", provider, attemptId!))["phase"];
            hung += phase is "Exchanged" or "Failed" ? 0 : 1;
        }

        output.WriteLine($"hung attempts: {hung}");
        Assert.Equal(0, hung);

        var logs = _logs.ToString();
        Assert.Contains("AuthActors", logs, StringComparison.Ordinal);
        var leaked = _secrets.Where(s => s.Length >= 8 && logs.Contains(s, StringComparison.Ordinal)).ToList();
        output.WriteLine($"{_secrets.Count} secret values checked against {logs.Length} characters of logs: {leaked.Count} found");
        Assert.Empty(leaked);
    }
}
