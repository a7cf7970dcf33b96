using AuthActors.Bench.Variants;

namespace AuthActors.Bench;

/// <summary>
/// <c>--mode app --variant V --provider URL [--postgres CONN]</c>: serves one variant's app and nothing else, so
/// that this process's CPU is the app's. Prints <c>ready BEGIN-URL</c>; answers <c>alloc</c> on its input with
/// <c>alloc BYTES ITEMS</c> (allocated so far, thread-pool work items completed so far) and <c>jit</c> with <c>jit N</c> (methods compiled so far); stops when its
/// input closes.
/// </summary>
internal static class AppMode
{
    public static async Task RunAsync(BenchOptions options)
    {
        var provider = options.Provider ?? throw new ArgumentException("--mode app needs --provider URL.");
        var hosted = options.Variant switch
        {
            "aspnetcore" => AspNetCoreApp.Build(provider),
            { } engine when engine.StartsWith("engine-", StringComparison.Ordinal) => EngineApp.Build(engine, provider, options.Postgres),
            var other => throw new ArgumentException($"--mode app serves aspnetcore or engine-*, not {other}."),
        };
        await using (hosted.App)
        {
            await hosted.App.StartAsync();
            Console.WriteLine($"ready {hosted.App.Urls.First()}{hosted.BeginPath}");
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line == "alloc")
                {
                    Console.WriteLine($"alloc {GC.GetTotalAllocatedBytes(precise: true)} {ThreadPool.CompletedWorkItemCount}");
                }
                else if (line == "jit")
                {
                    Console.WriteLine($"jit {System.Runtime.JitInfo.GetCompiledMethodCount()}");
                }
            }

            await hosted.App.StopAsync();
        }

        if (hosted.DataDirectory is not null && Directory.Exists(hosted.DataDirectory))
        {
            Directory.Delete(hosted.DataDirectory, recursive: true);
        }
    }
}
