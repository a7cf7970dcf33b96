namespace AuthActors.Bench;

/// <summary>Command-line options: <c>--name value</c> pairs.</summary>
internal sealed record BenchOptions
{
    public string Mode { get; init; } = "throughput";
    public int Concurrency { get; init; } = 32;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public IReadOnlyList<string> Variants { get; init; } = AllVariants;
    public string? Postgres { get; init; }
    public int Attempts { get; init; } = 1_000_000;
    public int Pending { get; init; } = 100_000;
    public string Output { get; init; } = DefaultOutput();

    public static readonly IReadOnlyList<string> AllVariants =
        ["bare", "aspnetcore", "engine-memory", "engine-sqlite", "engine-postgres", "bare-oauth1", "engine-sqlite-oauth1"];

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
                "--concurrency" => o with { Concurrency = int.Parse(value) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(value)) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(value)) },
                "--variants" => o with { Variants = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--postgres" => o with { Postgres = value },
                "--attempts" => o with { Attempts = int.Parse(value) },
                "--pending" => o with { Pending = int.Parse(value) },
                "--out" => o with { Output = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --mode throughput|capacity|restart|chart, --concurrency N, --duration S, --warmup S, --variants a,b, --postgres CONN, --attempts N, --pending N, --out DIR"),
            };
        }

        return o;
    }
}
