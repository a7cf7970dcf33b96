namespace AuthActors.Bench.Variants;

/// <summary>A variant's web app, run by <c>--mode app</c> in a process of its own.</summary>
/// <param name="App">The Kestrel app, bound to a free loopback port.</param>
/// <param name="BeginPath">Where a login begins; it must answer 302 to the provider, and the callback 302 to <c>/</c>.</param>
/// <param name="DataDirectory">The journal's directory, deleted when the app stops.</param>
internal sealed record HostedApp(WebApplication App, string BeginPath, string? DataDirectory)
{
    /// <summary>An HTTP client for the app's calls to the provider (its own connection pool, as a server has).</summary>
    public static HttpClient NewBackchannel() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    });
}
