// The AuthActors benchmark: full-login throughput, latency and capacity, side by side with the bare protocol
// and ASP.NET Core's OAuth handler. See README.md, "Performance". The default mode orchestrates: it runs this
// same program again as each variant's app (--mode app) and as the browser fleet (--mode load).
using AuthActors.Bench;

var options = BenchOptions.Parse(args);
switch (options.Mode)
{
    case "app":
        await AppMode.RunAsync(options);
        return;
    case "load":
        await LoadGenerator.RunAsync(options);
        return;
}

Directory.CreateDirectory(options.Output);
switch (options.Mode)
{
    case "chart":
        Report.WriteCharts(options.Output);
        return;
    case "throughput":
        await ThroughputMode.RunAsync(options);
        return;
}

if (options.Mode == "restart" && options.Repetitions > 1)
{
    await RestartMode.RunInFreshProcessesAsync(options);
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
    default:
        throw new ArgumentException($"Unknown mode {options.Mode}.");
}
