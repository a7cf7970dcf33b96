using System.Globalization;

namespace AuthActors.Bench;

/// <summary>Command-line options: <c>--name value</c> pairs.</summary>
internal sealed record BenchOptions
{
    /// <summary><c>throughput</c> (the orchestrator), <c>app</c>, <c>load</c>, <c>capacity</c>, <c>restart</c> or <c>chart</c>.</summary>
    public string Mode { get; init; } = "throughput";

    /// <summary>Concurrency levels, each run in turn; the load mode takes the first.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [32];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>
    /// The shortest warm-up. It goes on until the JIT is quiet in the process that holds the variant's code (fewer
    /// than <see cref="QuietJitMethods"/> methods compiled in 2 s: tiered compilation has reached steady state), at
    /// most <see cref="WarmupMax"/>. On 2 busy cores the engine's tier-up takes about a minute; measured before it
    /// ends, a run shows the JIT, not the code.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WarmupMax { get; init; } = TimeSpan.FromSeconds(180);

    public const int QuietJitMethods = 20;

    /// <summary>
    /// The load mode's arrival rate (logins/s) for the measured window: open loop, a login started every 1/rate s
    /// whatever the ones before it are doing. 0: closed loop, <see cref="Concurrency"/> users back to back. In the
    /// throughput mode with <see cref="HalfLoad"/>, the open-loop round runs at this rate for every variant instead of
    /// at half of each one's best (to compare two configurations of one variant at the same load).
    /// </summary>
    public double Rate { get; init; }

    /// <summary>
    /// Throughput mode: after the concurrency runs, run each variant again at half of its highest median logins/s,
    /// open loop, for the latency at half load.
    /// </summary>
    public bool HalfLoad { get; init; }

    /// <summary>
    /// The app processes' smallest gen0 budget in MiB (<c>DOTNET_GCgen0size</c>), the same for every variant with an
    /// app; 0 leaves the runtime's default, which on this machine lets gen0 grow to tens of MiB between collections.
    /// </summary>
    public int AppGen0MiB { get; init; }

    /// <summary>
    /// The app processes' smallest number of thread-pool workers (<c>DOTNET_ThreadPool_ForceMinWorkerThreads</c>), the
    /// same for every variant with an app; 0 leaves the runtime's default, one per core.
    /// </summary>
    public int AppMinThreads { get; init; }

    public int Repetitions { get; init; } = 3;
    public IReadOnlyList<string> Variants { get; init; } = AllVariants;

    /// <summary>The one variant an app or load process runs.</summary>
    public string? Variant { get; init; }

    /// <summary>The load mode's begin URL (an app's login endpoint).</summary>
    public string? Target { get; init; }

    /// <summary>The DevProvider's base URL, for an app process or a bare variant in the load process.</summary>
    public string? Provider { get; init; }

    public string? Postgres { get; init; }
    public int Attempts { get; init; } = 1_000_000;
    public int Pending { get; init; } = 100_000;
    public string Output { get; init; } = DefaultOutput();

    public static readonly IReadOnlyList<string> AllVariants =
        ["bare", "aspnetcore", "engine-memory", "engine-sqlite", "engine-postgres", "bare-oauth1", "engine-sqlite-oauth1", "engine-sqlite-oidc", "engine-sqlite-loginonly",
         "engine-memory-loginonly", "engine-postgres-loginonly"];

    /// <summary>The variants whose app keeps its journal in PostgreSQL (each run gets a database of its own).</summary>
    public static bool OnPostgres(string variant) => variant.StartsWith("engine-postgres", StringComparison.Ordinal);

    /// <summary>The variants with no app process: the protocol client runs inside the load generator.</summary>
    public static bool InLoadProcess(string variant) => variant.StartsWith("bare", StringComparison.Ordinal);

    /// <summary><c>bench-results/</c> at the repository root, wherever the program runs from.</summary>
    private static string DefaultOutput()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
            {
                return Path.Combine(dir.FullName, "bench-results");
            }
        }

        return "bench-results";
    }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            o = args[i] switch
            {
                "--mode" => o with { Mode = value },
                "--concurrency" => o with { Concurrency = List(value).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() },
                "--duration" => o with { Duration = Seconds(value) },
                "--warmup" => o with { Warmup = Seconds(value) },
                "--warmup-max" => o with { WarmupMax = Seconds(value) },
                "--repetitions" => o with { Repetitions = int.Parse(value, CultureInfo.InvariantCulture) },
                "--variants" => o with { Variants = List(value) },
                "--variant" => o with { Variant = value },
                "--target" => o with { Target = value },
                "--provider" => o with { Provider = value },
                "--postgres" => o with { Postgres = value },
                "--attempts" => o with { Attempts = int.Parse(value, CultureInfo.InvariantCulture) },
                "--pending" => o with { Pending = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => o with { Output = value },
                "--rate" => o with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--half-load" => o with { HalfLoad = bool.Parse(value) },
                "--app-gen0-mib" => o with { AppGen0MiB = int.Parse(value, CultureInfo.InvariantCulture) },
                "--app-min-threads" => o with { AppMinThreads = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --mode throughput|app|load|capacity|restart|chart, --concurrency N[,N...], --duration S, --warmup S, --warmup-max S, --repetitions N, --variants a,b, --variant V, --target URL, --provider URL, --postgres CONN, --attempts N, --pending N, --out DIR, --rate R, --half-load true|false, --app-gen0-mib N, --app-min-threads N"),
            };
        }

        return o;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
