using AuthActors.Bench.Variants;
using AuthActors.Engine.Flows;

namespace AuthActors.Bench;

/// <summary>The engine alone (AddAuthActors in a generic host) on a SQLite file, for the capacity and restart modes.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHost(IHost host) => _host = host;

    public IAuthFlows Flows => _host.Services.GetRequiredService<IAuthFlows>();

    public static async Task<EngineHost> StartAsync(string dataDirectory, string devProviderUrl, string key, string hocon)
    {
        Directory.CreateDirectory(dataDirectory);
        var hoconFile = Path.Combine(dataDirectory, "bench.conf");
        await File.WriteAllTextAsync(hoconFile, hocon);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var settings = EngineApp.Settings("Sqlite", null, dataDirectory, devProviderUrl);
        settings["AuthActors:Encryption:Key"] = key;
        settings["AuthActors:HoconFiles:0"] = hoconFile;
        EngineApp.AddEngine(builder, settings);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host);
    }

    public static long JournalBytes(string dataDirectory) =>
        Directory.GetFiles(dataDirectory, "authactors.db*").Sum(f => new FileInfo(f).Length);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
