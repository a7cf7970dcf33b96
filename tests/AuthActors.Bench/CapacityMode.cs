using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Bench;

/// <summary>
/// Begins <c>--attempts</c> logins on the SQLite journal without completing them (RSS, journal size, time),
/// then completes a random 1% of them (latency): pending attempts must cost journal rows, not memory.
/// </summary>
internal static class CapacityMode
{
    private const string Callback = "http://127.0.0.1:9/callback";

    public static async Task RunAsync(BenchOptions options, DevProviderProcess provider)
    {
        var data = Path.Combine(Path.GetTempPath(), "authactors-capacity", Guid.NewGuid().ToString("N"));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // Pending attempts passivate after 20 s idle: long above a recovery, short enough to keep memory flat.
        // Expiry is raised to 2 h: beginning a million logins takes longer than the default 10 minutes, and this
        // mode measures capacity, not expiry.
        await using var engine = await EngineHost.StartAsync(data, provider.BaseUrl, key, "authactors.attempt { idle-timeout = 20s, expiry = 2h }");
        var sampleEvery = 100;
        var sample = new System.Collections.Concurrent.ConcurrentBag<(string Url, string Secret)>();
        var begun = 0;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        var peak = 0L;
        using (var gate = new SemaphoreSlim(256))
        {
            var reporter = Task.Run(async () =>
            {
                while (Volatile.Read(ref begun) + Volatile.Read(ref failed) < options.Attempts)
                {
                    await Task.Delay(5000);
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {begun,9:N0} begun in {watch.Elapsed.TotalSeconds,6:0} s ({begun / watch.Elapsed.TotalSeconds,6:N0}/s), RSS {process.WorkingSet64 / 1048576,6:N0} MiB, journal {EngineHost.JournalBytes(data) / 1048576,6:N0} MiB, {failed} failed"));
                }
            });
            var tasks = new List<Task>();
            for (var i = 0; i < options.Attempts; i++)
            {
                await gate.WaitAsync();
                var keep = i % sampleEvery == 0;
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        var result = await engine.Flows.BeginAsync("bench2", Callback);
                        if (result.IsSuccess)
                        {
                            Interlocked.Increment(ref begun);
                            if (keep)
                            {
                                sample.Add((result.AuthorizeUrl!, result.BindingSecret));
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
                if (tasks.Count > 10_000)
                {
                    tasks.RemoveAll(t => t.IsCompleted);
                }
            }

            await Task.WhenAll(tasks);
            await reporter;
        }

        var beginSeconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        GC.Collect();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"begun {begun:N0} ({failed} failed) in {beginSeconds:0} s = {begun / beginSeconds:N0}/s; peak RSS {peak / 1048576:N0} MiB, RSS after GC {process.WorkingSet64 / 1048576:N0} MiB; journal {EngineHost.JournalBytes(data) / 1048576.0:N0} MiB"));

        var latencies = new List<double>();
        var ok = 0;
        var reasons = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(sample.Select(async s =>
            {
                await gate.WaitAsync();
                try
                {
                    var callback = FormEncoding.Parse(new Uri(await UserAgent.ApproveAsync(s.Url)).Query);
                    var timer = Stopwatch.StartNew();
                    var result = await engine.Flows.CompleteAsync("bench2", null, callback, s.Secret);
                    lock (latencies)
                    {
                        latencies.Add(timer.Elapsed.TotalMilliseconds);
                        ok += result.IsSuccess ? 1 : 0;
                    }

                    if (result.Failure is { } failure)
                    {
                        reasons.AddOrUpdate(failure.Reason.ToString(), 1, (_, n) => n + 1);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"completed {ok:N0} of a random {sample.Count:N0} (1%): latency p50 {Report.Percentile(sorted, .5):0.0} ms, p95 {Report.Percentile(sorted, .95):0.0} ms, p99 {Report.Percentile(sorted, .99):0.0} ms; failures: {(reasons.IsEmpty ? "none" : string.Join(", ", reasons.Select(r => $"{r.Key} {r.Value}")))}"));
        await File.WriteAllTextAsync(Path.Combine(options.Output, "capacity.csv"), string.Create(CultureInfo.InvariantCulture,
            $"attempts,begun,failed,begin_seconds,begins_per_s,peak_rss_mib,journal_mib,sample,completed,complete_p50_ms,complete_p95_ms,complete_p99_ms\n{options.Attempts},{begun},{failed},{beginSeconds:0},{begun / beginSeconds:0},{peak / 1048576},{EngineHost.JournalBytes(data) / 1048576},{sample.Count},{ok},{Report.Percentile(sorted, .5):0.0},{Report.Percentile(sorted, .95):0.0},{Report.Percentile(sorted, .99):0.0}\n"));
        Directory.Delete(data, recursive: true);
    }
}
