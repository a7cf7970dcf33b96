using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AuthActors.Cluster.Tests.Support;
using Npgsql;

namespace AuthActors.Bench;

/// <summary>
/// The orchestrator (the default mode). For each concurrency, <c>--repetitions</c> rounds over the variants, the
/// order rotated each round so that drift hits every variant alike. Each run starts fresh processes: a DevProvider,
/// the variant's app (<c>--mode app</c>) and the browser fleet (<c>--mode load</c>), and reads their CPU from
/// <c>/proc</c> at both ends of the measured window. Reports the medians per variant. With <c>--half-load true</c>,
/// each variant then runs again, open loop, at half of its highest median throughput, for the latency at half load.
/// </summary>
internal static class ThroughputMode
{
    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, CLK_TCK {ProcStats.TicksPerSecond}; concurrency {string.Join(",", options.Concurrency)}, {options.Repetitions} repetitions, warm-up {options.Warmup.TotalSeconds} s until the JIT is quiet (at most {options.WarmupMax.TotalSeconds} s), measured {options.Duration.TotalSeconds} s; app gen0 budget {(options.AppGen0MiB > 0 ? $"{options.AppGen0MiB} MiB" : "the runtime's default")}, app thread-pool minimum {(options.AppMinThreads > 0 ? options.AppMinThreads.ToString(CultureInfo.InvariantCulture) : "the runtime's default")}"));
        PostgresServer? postgres = null;
        var variants = options.Variants.ToList();
        if (options.Postgres is null && variants.Any(BenchOptions.OnPostgres))
        {
            try
            {
                postgres = await PostgresServer.StartAsync();
                Console.WriteLine($"started a throwaway PostgreSQL on port {postgres.Port}");
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                Console.WriteLine($"{string.Join(", ", variants.Where(BenchOptions.OnPostgres))} skipped: no PostgreSQL reachable ({ex.Message})");
                variants.RemoveAll(BenchOptions.OnPostgres);
            }
        }

        try
        {
            var highest = new Dictionary<string, double>();
            foreach (var concurrency in options.Concurrency)
            {
                var summaries = await RoundsAsync(options, variants, postgres, $"c{concurrency}", $"{concurrency} concurrent users", _ => (concurrency, 0));
                foreach (var s in summaries)
                {
                    highest[s.Variant] = Math.Max(highest.GetValueOrDefault(s.Variant), s["logins_per_s"]);
                }
            }

            if (options.HalfLoad)
            {
                // Warmed up closed loop by 8 users, then measured open loop at half of the variant's best; the bare
                // variants, which have no app, are a reference for throughput only.
                await RoundsAsync(options, variants.Where(v => highest.ContainsKey(v) && !BenchOptions.InLoadProcess(v)).ToList(), postgres, "half-load",
                    options.Rate > 0 ? $"open loop at {options.Rate} logins/s" : "open loop at half of each variant's highest median logins/s",
                    v => (8, options.Rate > 0 ? options.Rate : highest[v] / 2));
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }

        Report.WriteCharts(options.Output);
    }

    /// <summary>
    /// <c>--repetitions</c> rounds over <paramref name="variants"/>, the order rotated each round, each variant at its
    /// concurrency and rate (<paramref name="load"/>); prints and writes the medians under <paramref name="label"/>.
    /// </summary>
    private static async Task<IReadOnlyList<VariantSummary>> RoundsAsync(BenchOptions options, List<string> variants, PostgresServer? postgres,
        string label, string title, Func<string, (int Concurrency, double Rate)> load)
    {
        var runs = new List<RunResult>();
        for (var rep = 1; rep <= options.Repetitions; rep++)
        {
            var order = variants.Skip((rep - 1) % variants.Count).Concat(variants.Take((rep - 1) % variants.Count));
            foreach (var variant in order)
            {
                RunResult run;
                var (concurrency, rate) = load(variant);
                try
                {
                    var database = BenchOptions.OnPostgres(variant) ? await DatabaseAsync(options, postgres, runs.Count) : null;
                    run = await RunOnceAsync(options, variant, concurrency, rate, rep, database);
                }
                catch (InvalidOperationException ex)
                {
                    // A run that cannot start or finish is left out of the medians, and said so; the others go on.
                    Console.WriteLine($"  {label} rep {rep} {variant,-26} FAILED, left out: {ex.Message}");
                    continue;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label} rep {rep} {variant,-26} {run.LoginsPerSecond,7:N0}/s  app {run.AppCpuMicros,6:N0} µs  provider {run.ProviderCpuMicros,5:N0} µs  load {run.LoadCpuMicros,5:N0} µs  busy {run.BusyCores:0.00} cores  warm-up {run.WarmupSeconds:0} s  ({run.Load.Errors} errors{(run.Load.FirstError is { } e ? ", first: " + e : string.Empty)})"));
                runs.Add(run);
            }
        }

        if (runs.Count == 0)
        {
            return [];
        }

        var summaries = Report.Summarize(runs);
        Report.Print(summaries, title);
        Report.WriteCsv(runs, summaries, options.Output, label);
        return summaries;
    }

    private static async Task<RunResult> RunOnceAsync(BenchOptions options, string variant, int concurrency, double rate, int rep, (string Connection, int Pid)? database)
    {
        await using var provider = await DevProviderProcess.StartAsync();
        BenchProcess? app = null;
        try
        {
            string[] target;
            if (BenchOptions.InLoadProcess(variant))
            {
                target = ["--variant", variant, "--provider", provider.BaseUrl];
            }
            else
            {
                var environment = new Dictionary<string, string>();
                if (options.AppGen0MiB > 0)
                {
                    environment["DOTNET_GCgen0size"] = (options.AppGen0MiB * 1048576L).ToString("x", CultureInfo.InvariantCulture);
                }

                if (options.AppMinThreads > 0)
                {
                    environment["DOTNET_ThreadPool_ForceMinWorkerThreads"] = options.AppMinThreads.ToString(CultureInfo.InvariantCulture);
                }

                app = BenchProcess.Start("app", ["--mode", "app", "--variant", variant, "--provider", provider.BaseUrl, .. database is { } db ? new[] { "--postgres", db.Connection } : []], environment);
                target = ["--target", await app.ReadAsync("ready ", TimeSpan.FromMinutes(2))];
            }

            await using var load = BenchProcess.Start("load", [
                "--mode", "load", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
                "--warmup-max", options.WarmupMax.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "--duration", options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "--rate", rate.ToString(CultureInfo.InvariantCulture), .. target]);
            await load.ReadAsync("warming", TimeSpan.FromMinutes(2));
            var warmup = await WarmUpAsync(options, app ?? load);
            await load.WriteAsync("warm");
            await load.ReadAsync("measure-start", TimeSpan.FromMinutes(2));
            var appPid = app?.Pid ?? load.Pid;
            var databasePid = database is { Pid: > 0 } d ? d.Pid : (int?)null;
            var (alloc0, items0) = app is null ? (double.NaN, double.NaN) : await CountersAsync(app);
            var requests0 = await provider.RequestsAsync();
            var before = Snapshot(appPid, provider.Pid, load.Pid, databasePid);
            await load.WriteAsync("go");
            await load.ReadAsync("measure-end", options.Duration + TimeSpan.FromMinutes(2));
            var after = Snapshot(appPid, provider.Pid, load.Pid, databasePid);
            var peakRss = ProcStats.PeakRssBytes(appPid);
            var (alloc1, items1) = app is null ? (double.NaN, double.NaN) : await CountersAsync(app);
            var requests1 = await provider.RequestsAsync() - 1;
            await load.WriteAsync("report");
            var result = JsonSerializer.Deserialize<LoadResult>(await load.ReadAsync("result ", TimeSpan.FromMinutes(1)), LoadResult.Json)!;
            var logins = Math.Max(1, result.Logins);
            double PerLogin(long ticks) => ticks / ProcStats.TicksPerSecond * 1e6 / logins;
            var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
            return new RunResult(
                variant, concurrency, rep, result,
                PerLogin(after.App - before.App), PerLogin(after.Provider - before.Provider), PerLogin(after.Load - before.Load),
                databasePid is null ? double.NaN : PerLogin(after.Database - before.Database),
                (alloc1 - alloc0) / logins,
                (items1 - items0) / logins,
                peakRss,
                (requests1 - requests0) / (double)logins,
                (after.Machine - before.Machine) / ProcStats.TicksPerSecond / seconds,
                warmup.TotalSeconds);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Waits at least <c>--warmup</c>, then until the JIT of <paramref name="code"/> is quiet (at most <c>--warmup-max</c>).</summary>
    private static async Task<TimeSpan> WarmUpAsync(BenchOptions options, BenchProcess code)
    {
        var watch = Stopwatch.StartNew();
        await Task.Delay(options.Warmup);
        var compiled = await CompiledAsync(code);
        while (watch.Elapsed < options.WarmupMax)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = await CompiledAsync(code);
            if (now - compiled < BenchOptions.QuietJitMethods)
            {
                break;
            }

            compiled = now;
        }

        return watch.Elapsed;
    }

    private static async Task<long> CompiledAsync(BenchProcess process)
    {
        await process.WriteAsync("jit");
        return long.Parse(await process.ReadAsync("jit ", TimeSpan.FromSeconds(30)), CultureInfo.InvariantCulture);
    }

    // The app's allocated bytes and completed thread-pool work items so far.
    private static async Task<(double Bytes, double WorkItems)> CountersAsync(BenchProcess app)
    {
        await app.WriteAsync("alloc");
        var answer = (await app.ReadAsync("alloc ", TimeSpan.FromSeconds(30))).Split(' ');
        return (double.Parse(answer[0], CultureInfo.InvariantCulture), double.Parse(answer[1], CultureInfo.InvariantCulture));
    }

    private static Cpu Snapshot(int app, int provider, int load, int? database) => new(
        ProcStats.CpuTicks(app), ProcStats.CpuTicks(provider), ProcStats.CpuTicks(load),
        database is { } pid ? ProcStats.TreeCpuTicks(pid) : 0, ProcStats.MachineBusyTicks(), Stopwatch.GetTimestamp());

    /// <summary>A fresh database per run on the throwaway server (so no run reads another's journal), or <c>--postgres</c> as given.</summary>
    private static async Task<(string Connection, int Pid)?> DatabaseAsync(BenchOptions options, PostgresServer? server, int run)
    {
        if (server is null)
        {
            return options.Postgres is { } given ? (given, 0) : null;
        }

        var name = $"bench_{run}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var postmaster = ProcStats.FindProcess("-p", server.Port.ToString(CultureInfo.InvariantCulture), "-k");
        return (server.ConnectionString.Replace("Database=authactors", $"Database={name}", StringComparison.Ordinal), postmaster);
    }

    private readonly record struct Cpu(long App, long Provider, long Load, long Database, long Machine, long Timestamp);
}
