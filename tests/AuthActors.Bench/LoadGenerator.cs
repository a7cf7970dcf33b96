using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AuthActors.Bench.Variants;

namespace AuthActors.Bench;

/// <summary>What the load process saw in the measured window: counts and latency percentiles (ms).</summary>
internal sealed record LoadResult(
    long Logins,
    long Errors,
    double Seconds,
    double BeginP50,
    double BeginP95,
    double BeginP99,
    double CompleteP50,
    double CompleteP95,
    double CompleteP99,
    string? FirstError)
{
    /// <summary>Percentiles of no logins are NaN: written as a named literal.</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>
/// <c>--mode load</c>: the browser fleet, alone in its process. N simulated users do full logins back to back,
/// first for the warm-up, then for the measured window. <c>--target URL</c> is an app's begin URL; <c>--variant
/// bare|bare-oauth1 --provider URL</c> runs the protocol client here instead. The window is framed on standard
/// output for the orchestrator, which reads <c>/proc</c> at both ends: <c>measure-start</c>, then the load waits for
/// <c>go</c> on its input; <c>measure-end</c>, then it waits for another line; then <c>result {json}</c>.
/// With <c>--rate R</c> the measured window is open loop instead: a login starts every 1/R s (the warm-up stays
/// closed loop), so latency is seen at a load that the app does not set.
/// </summary>
internal static class LoadGenerator
{
    public static async Task RunAsync(BenchOptions options)
    {
        ILogin login = (options.Variant, options.Target, options.Provider) switch
        {
            ("bare", _, { } provider) => new BareVariant(2, provider),
            ("bare-oauth1", _, { } provider) => new BareVariant(1, provider),
            (_, { } target, _) => new BrowserLogin(target),
            _ => throw new ArgumentException("--mode load needs --target URL, or --variant bare|bare-oauth1 with --provider URL."),
        };
        var concurrency = options.Concurrency[0];
        await WarmUpAsync(login, concurrency, options.WarmupMax);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Console.WriteLine("measure-start");
        if (await Console.In.ReadLineAsync() != "go")
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var (samples, firstError) = options.Rate > 0
            ? await RunPaced(login, options.Rate, options.Duration)
            : await RunWorkers(login, concurrency, options.Duration);
        var seconds = watch.Elapsed.TotalSeconds;
        // Stays alive until the orchestrator has read /proc: an exiting process's counters are not its whole.
        Console.WriteLine("measure-end");
        await Console.In.ReadLineAsync();
        var ok = samples.Where(s => s.Ok).ToArray();
        var begin = ok.Select(s => s.Begin.TotalMilliseconds).Order().ToArray();
        var complete = ok.Select(s => s.Complete.TotalMilliseconds).Order().ToArray();
        var result = new LoadResult(
            ok.Length, samples.Count - ok.Length, seconds,
            Report.Percentile(begin, .5), Report.Percentile(begin, .95), Report.Percentile(begin, .99),
            Report.Percentile(complete, .5), Report.Percentile(complete, .95), Report.Percentile(complete, .99),
            firstError);
        Console.WriteLine("result " + JsonSerializer.Serialize(result, LoadResult.Json));
    }

    /// <summary>
    /// Logs in until the orchestrator says <c>warm</c> (or <paramref name="max"/> has passed), answering <c>jit</c>
    /// with <c>jit N</c>, the methods this process has compiled so far (for the bare variants, whose client is here).
    /// </summary>
    private static async Task WarmUpAsync(ILogin login, int concurrency, TimeSpan max)
    {
        using var stop = new CancellationTokenSource(max);
        var workers = RunWorkers(login, concurrency, Timeout.InfiniteTimeSpan, stop.Token);
        Console.WriteLine("warming");
        var input = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is { } line && line != "warm")
            {
                if (line == "jit")
                {
                    Console.WriteLine($"jit {System.Runtime.JitInfo.GetCompiledMethodCount()}");
                }
            }

            await stop.CancelAsync();
        });
        await workers;
        await input;
    }

    private static async Task<(List<Sample> Samples, string? FirstError)> RunWorkers(ILogin login, int concurrency, TimeSpan duration, CancellationToken stop = default)
    {
        var end = duration == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + duration;
        var firstError = (string?)null;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Sample>(4096);
            while (DateTime.UtcNow < end && !stop.IsCancellationRequested)
            {
                try
                {
                    var (begin, complete) = await login.LoginAsync();
                    mine.Add(new Sample(true, begin, complete));
                }
                catch (Exception ex)
                {
                    firstError ??= ex.Message;
                    mine.Add(new Sample(false, TimeSpan.Zero, TimeSpan.Zero));
                }
            }

            return mine;
        })).ToArray();
        return ((await Task.WhenAll(workers)).SelectMany(w => w).ToList(), firstError);
    }

    // Starts the logins that are due every millisecond or so; each one's latency counts from its own start, which is
    // at most a timer tick after its due time.
    private static async Task<(List<Sample> Samples, string? FirstError)> RunPaced(ILogin login, double rate, TimeSpan duration)
    {
        var firstError = (string?)null;
        var logins = new List<Task<Sample>>((int)(rate * duration.TotalSeconds * 1.1));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var due = (long)(watch.Elapsed.TotalSeconds * rate) + 1;
            while (logins.Count < due)
            {
                logins.Add(Task.Run(async () =>
                {
                    try
                    {
                        var (begin, complete) = await login.LoginAsync();
                        return new Sample(true, begin, complete);
                    }
                    catch (Exception ex)
                    {
                        firstError ??= ex.Message;
                        return new Sample(false, TimeSpan.Zero, TimeSpan.Zero);
                    }
                }));
            }

            await Task.Delay(1);
        }

        return ((await Task.WhenAll(logins)).ToList(), firstError);
    }

    private readonly record struct Sample(bool Ok, TimeSpan Begin, TimeSpan Complete);
}
