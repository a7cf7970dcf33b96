using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Bench;

/// <summary>
/// With <c>--pending</c> logins waiting on the SQLite journal, restarts the engine and measures the time to the
/// first completed login and the latency of the first 1,000; <c>--repetitions</c> times, each on a new journal and
/// (more than one) in a process of its own, one row each in <c>restart.csv</c>.
/// </summary>
internal static class RestartMode
{
    private const string Callback = "http://127.0.0.1:9/callback";

    private const string RowPrefix = "restart-row:";

    /// <summary>One restart, in this process, with <paramref name="provider"/>.</summary>
    public static async Task RunAsync(BenchOptions options, DevProviderProcess provider)
    {
        var row = await RunOnceAsync(options, provider);
        Console.WriteLine(RowPrefix + " " + row);
        await WriteCsvAsync(options, [row]);
    }

    /// <summary>
    /// Each of several restarts in a fresh process (this program again, with its own DevProvider): a restart in a
    /// process that has restarted before finds the completion path compiled already, as a restarted node never does.
    /// </summary>
    public static async Task RunInFreshProcessesAsync(BenchOptions options)
    {
        var rows = new List<string>();
        for (var run = 1; run <= options.Repetitions; run++)
        {
            Console.WriteLine($"restart {run} of {options.Repetitions}, in a process of its own");
            var output = Path.Combine(Path.GetTempPath(), "authactors-restart-out", Guid.NewGuid().ToString("N"));
            await using var child = BenchProcess.Start($"restart {run}", ["--mode", "restart", "--repetitions", "1", "--pending", options.Pending.ToString(CultureInfo.InvariantCulture), "--out", output]);
            rows.Add(await child.ReadAsync(RowPrefix, TimeSpan.FromMinutes(15)));
        }

        await WriteCsvAsync(options, rows);
    }

    private static Task WriteCsvAsync(BenchOptions options, IEnumerable<string> rows) =>
        File.WriteAllTextAsync(Path.Combine(options.Output, "restart.csv"),
            "pending,engine_up_s,first_completion_s,completed,first_1000_p50_ms,first_1000_p99_ms,all_done_s,engine_cpu_s,engine_jit_s,provider_cpu_s,busy_cores\n" + string.Concat(rows.Select(row => row + "\n")));

    // One restart; returns its CSV row.
    private static async Task<string> RunOnceAsync(BenchOptions options, DevProviderProcess provider)
    {
        var data = Path.Combine(Path.GetTempPath(), "authactors-restart", Guid.NewGuid().ToString("N"));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var ready = new List<(IReadOnlyList<KeyValuePair<string, string>> Callback, string Secret)>();
        var watch = Stopwatch.StartNew();
        await using (var engine = await EngineHost.StartAsync(data, provider.BaseUrl, key, string.Empty))
        {
            var toComplete = Math.Min(1000, options.Pending);
            var every = Math.Max(1, options.Pending / toComplete);
            using var gate = new SemaphoreSlim(256);
            var begun = 0;
            var sample = new System.Collections.Concurrent.ConcurrentBag<(string Url, string Secret)>();
            await Task.WhenAll(Enumerable.Range(0, options.Pending).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var result = await engine.Flows.BeginAsync("bench2", Callback);
                    if (result.IsSuccess && i % every == 0 && sample.Count < toComplete)
                    {
                        sample.Add((result.AuthorizeUrl!, result.BindingSecret));
                    }

                    if (Interlocked.Increment(ref begun) % 10_000 == 0)
                    {
                        Console.WriteLine($"  {begun:N0} pending ({watch.Elapsed.TotalSeconds:0} s)");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            foreach (var (url, secret) in sample)
            {
                ready.Add((FormEncoding.Parse(new Uri(await UserAgent.ApproveAsync(url)).Query), secret));
            }

            Console.WriteLine($"{options.Pending:N0} pending logins; {ready.Count:N0} approved at the provider; the engine stopped");
        }

        // A provider in service is warm; the DevProvider has only approved so far. Its token and user-info endpoints
        // would compile while the burst runs, on the same two cores, and be counted against the engine's restart.
        await WarmProviderAsync(provider.BaseUrl, 2000);
        Console.WriteLine("the DevProvider served 2,000 logins of its own to warm up; restarting the engine");

        // The CPU the restart and the first completions take: this process's (the engine, and the callers, which are only
        // method calls here) and the DevProvider's (the code and user-info calls), against the machine's cores.
        var self = Environment.ProcessId;
        var (selfTicks, providerTicks, busyTicks) = (ProcStats.CpuTicks(self), ProcStats.CpuTicks(provider.Pid), ProcStats.MachineBusyTicks());
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var restart = Stopwatch.StartNew();
        await using var restarted = await EngineHost.StartAsync(data, provider.BaseUrl, key, string.Empty);
        var started = restart.Elapsed;
        var firstCompletion = TimeSpan.Zero;
        var latencies = new double[ready.Count];
        var ok = 0;
        await Task.WhenAll(ready.Select(async (r, i) =>
        {
            var timer = Stopwatch.StartNew();
            var result = await restarted.Flows.CompleteAsync("bench2", null, r.Callback, r.Secret);
            latencies[i] = timer.Elapsed.TotalMilliseconds;
            if (result.IsSuccess && Interlocked.Increment(ref ok) == 1)
            {
                firstCompletion = restart.Elapsed;
            }
        }));
        var elapsed = restart.Elapsed.TotalSeconds;
        var engineCpu = (ProcStats.CpuTicks(self) - selfTicks) / ProcStats.TicksPerSecond;
        var providerCpu = (ProcStats.CpuTicks(provider.Pid) - providerTicks) / ProcStats.TicksPerSecond;
        var busy = (ProcStats.MachineBusyTicks() - busyTicks) / ProcStats.TicksPerSecond / elapsed;
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;
        var jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine up {started.TotalSeconds:0.00} s after the restart began; first completed login at {firstCompletion.TotalSeconds:0.00} s; {ok:N0} of the first {ready.Count:N0} completed: p50 {Report.Percentile(latencies, .5):0} ms, p99 {Report.Percentile(latencies, .99):0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  all done {elapsed:0.00} s after the restart began; CPU meanwhile: engine {engineCpu:0.00} s (of which the JIT {jitSeconds:0.00} s, {jitted:N0} methods), DevProvider {providerCpu:0.00} s; the machine busy {busy:0.00} of {Environment.ProcessorCount} cores"));
        Directory.Delete(data, recursive: true);
        return string.Create(CultureInfo.InvariantCulture,
            $"{options.Pending},{started.TotalSeconds:0.00},{firstCompletion.TotalSeconds:0.00},{ok},{Report.Percentile(latencies, .5):0},{Report.Percentile(latencies, .99):0},{elapsed:0.00},{engineCpu:0.00},{jitSeconds:0.00},{providerCpu:0.00},{busy:0.00}");
    }

    /// <summary>
    /// <paramref name="logins"/> code logins against the DevProvider directly, 64 at a time, as the engine makes them:
    /// authorize with PKCE, the code exchange with client_secret_basic, the user-info call. The engine takes no part:
    /// its completion path stays as cold as a restarted node's. Plain HTTP calls, not <c>BareVariant</c>: its
    /// <c>OAuthClient</c> is the Protocol code the engine's completion runs, and running it here would compile that
    /// code in this process before the restart.
    /// </summary>
    private static async Task WarmProviderAsync(string providerUrl, int logins)
    {
        var basic = Convert.ToBase64String(Encoding.ASCII.GetBytes("dev-client:dev-secret"));
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, logins).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var verifier = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
                var challenge = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
                var authorize = $"{providerUrl}/oauth2/authorize?response_type=code&client_id=dev-client&redirect_uri={Uri.EscapeDataString(Callback)}" +
                                $"&state=warm{i}&code_challenge={challenge}&code_challenge_method=S256";
                var code = FormEncoding.Parse(new Uri(await UserAgent.ApproveAsync(authorize)).Query).First(p => p.Key == "code").Value;
                using var exchange = new HttpRequestMessage(HttpMethod.Post, $"{providerUrl}/oauth2/token")
                {
                    Content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", Callback), new("code_verifier", verifier)]),
                };
                exchange.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                using var tokens = await UserAgent.Http.SendAsync(exchange);
                using var json = JsonDocument.Parse(await tokens.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
                var accessToken = json.RootElement.GetProperty("access_token").GetString();
                using var user = new HttpRequestMessage(HttpMethod.Get, $"{providerUrl}/api/user");
                user.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                using var answer = await UserAgent.Http.SendAsync(user);
                answer.EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
}
