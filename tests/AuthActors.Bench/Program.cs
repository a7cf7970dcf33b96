// The AuthActors benchmark: full-login throughput, latency and capacity, side by side with the bare protocol
// and ASP.NET Core's OAuth handler. See README.md, "Performance".
using AuthActors.Bench;
using AuthActors.Bench.Variants;
using AuthActors.Cluster.Tests.Support;

var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Output);
if (options.Mode == "chart")
{
    Report.WriteChart(options.Output);
    return;
}

await using var provider = await DevProviderProcess.StartAsync();
Console.WriteLine($"DevProvider (own process) at {provider.BaseUrl}; {Environment.ProcessorCount} cores; mode {options.Mode}");

switch (options.Mode)
{
    case "capacity":
        await CapacityMode.RunAsync(options, provider);
        return;
    case "restart":
        await RestartMode.RunAsync(options, provider);
        return;
}

PostgresServer? postgres = null;
var postgresConnection = options.Postgres;
if (postgresConnection is null && options.Variants.Contains("engine-postgres"))
{
    try
    {
        postgres = await PostgresServer.StartAsync();
        postgresConnection = postgres.ConnectionString;
        Console.WriteLine($"started a throwaway PostgreSQL on port {postgres.Port}");
    }
    catch (Exception ex) when (ex is InvalidOperationException or IOException)
    {
        Console.WriteLine($"engine-postgres skipped: no PostgreSQL reachable ({ex.Message})");
    }
}

var results = new List<VariantResult>();
Console.WriteLine($"concurrency {options.Concurrency}, warm-up {options.Warmup.TotalSeconds} s, measured {options.Duration.TotalSeconds} s per variant");
foreach (var name in options.Variants)
{
    IVariant? variant = name switch
    {
        "bare" => new BareVariant(2),
        "bare-oauth1" => new BareVariant(1),
        "aspnetcore" => new AspNetCoreVariant(),
        "engine-memory" => new EngineVariant("InMemory", 2),
        "engine-sqlite" => new EngineVariant("Sqlite", 2),
        "engine-sqlite-oauth1" => new EngineVariant("Sqlite", 1),
        "engine-postgres" when postgresConnection is not null => new EngineVariant("PostgreSql", 2, postgresConnection),
        "engine-postgres" => null,
        _ => throw new ArgumentException($"Unknown variant {name}. Variants: {string.Join(", ", BenchOptions.AllVariants)}"),
    };
    if (variant is null)
    {
        continue;
    }

    await using (variant)
    {
        await variant.StartAsync(provider, options);
        results.Add(await LoadGenerator.RunAsync(variant, options, provider));
    }
}

Report.Print(results);
Report.WriteCsv(results, options.Output);
Report.WriteChart(options.Output);
if (postgres is not null)
{
    await postgres.DisposeAsync();
}
