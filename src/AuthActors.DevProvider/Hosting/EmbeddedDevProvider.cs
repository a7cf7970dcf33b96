using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthActors.DevProvider;

/// <summary>Runs a DevProvider inside another host (the engine node, the web frontend) for the zero-setup demo.</summary>
public static class EmbeddedDevProvider
{
    /// <summary>Starts a DevProvider on <paramref name="url"/> (loopback only) with the host and stops it with the host.</summary>
    /// <example><c>services.AddEmbeddedDevProvider("http://127.0.0.1:5100");</c></example>
    public static IServiceCollection AddEmbeddedDevProvider(this IServiceCollection services, string url, DevProviderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return services.AddHostedService(_ => new Service(url, options));
    }

    private sealed class Service(string url, DevProviderOptions? options) : IHostedService, IAsyncDisposable
    {
        private DevProviderServer? _server;

        public async Task StartAsync(CancellationToken cancellationToken) =>
            _server = await DevProviderServer.StartAsync(options, url, cancellationToken).ConfigureAwait(false);

        public Task StopAsync(CancellationToken cancellationToken) => _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
