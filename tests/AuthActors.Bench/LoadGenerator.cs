using System.Diagnostics;
using AuthActors.Bench.Variants;

namespace AuthActors.Bench;

/// <summary>What one variant measured.</summary>
internal sealed record VariantResult(
    string Variant,
    int Concurrency,
    long Logins,
    long Errors,
    double Seconds,
    double[] BeginMs,
    double[] CompleteMs,
    double AllocatedBytesPerLogin,
    double AppCpuMicrosPerLogin,
    double ProviderCpuMicrosPerLogin,
    long PeakRssBytes)
{
    public double LoginsPerSecond => Logins / Seconds;
}

/// <summary>
/// N simulated users, each doing full logins back to back for the duration, after a warm-up. CPU and
/// allocations are this process's (app and load generator; the provider runs in its own process).
/// </summary>
internal static class LoadGenerator
{
    public static async Task<VariantResult> RunAsync(IVariant variant, BenchOptions options, DevProviderProcess provider)
    {
        Console.Write($"  {variant.Name,-22} warming up {options.Warmup.TotalSeconds:0} s ...");
        await RunWorkers(variant, options.Concurrency, options.Warmup, null);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var providerCpu0 = provider.CpuTime;
        var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        var peakRss = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                await Task.Delay(100);
            }
        });

        var watch = Stopwatch.StartNew();
        var samples = await RunWorkers(variant, options.Concurrency, options.Duration, watch);
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();
        var logins = samples.Count(s => s.Ok);
        var errors = samples.Count(s => !s.Ok);
        var denominator = Math.Max(1, logins);
        Console.WriteLine($"\r  {variant.Name,-22} {logins,8:N0} logins in {seconds:0.0} s = {logins / seconds,8:N0}/s ({errors} errors)          ");
        return new VariantResult(
            variant.Name, options.Concurrency, logins, errors, seconds,
            samples.Where(s => s.Ok).Select(s => s.Begin.TotalMilliseconds).Order().ToArray(),
            samples.Where(s => s.Ok).Select(s => s.Complete.TotalMilliseconds).Order().ToArray(),
            (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / (double)denominator,
            (process.TotalProcessorTime - cpu0).TotalMicroseconds / denominator,
            (provider.CpuTime - providerCpu0).TotalMicroseconds / denominator,
            peakRss);
    }

    private static async Task<List<Sample>> RunWorkers(IVariant variant, int concurrency, TimeSpan duration, Stopwatch? progress)
    {
        var end = DateTime.UtcNow + duration;
        var firstError = (string?)null;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Sample>(4096);
            while (DateTime.UtcNow < end)
            {
                try
                {
                    var (begin, complete) = await variant.LoginAsync();
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

        while (progress is not null && !Task.WhenAll(workers).IsCompleted)
        {
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(2000));
            Console.Write($"\r  {variant.Name,-22} {progress.Elapsed.TotalSeconds,5:0.0} s ...             ");
        }

        var all = (await Task.WhenAll(workers)).SelectMany(w => w).ToList();
        if (firstError is not null)
        {
            Console.Write($" first error: {firstError}");
        }

        return all;
    }

    private readonly record struct Sample(bool Ok, TimeSpan Begin, TimeSpan Complete);
}
