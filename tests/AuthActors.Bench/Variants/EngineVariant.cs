using System.Diagnostics;
using System.Security.Cryptography;
using AuthActors.AspNetCore;
using AuthActors.Hosting;
using AuthActors.Hosting.PostgreSql;
using AuthActors.Protocol.Http;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthActors.Bench.Variants;

/// <summary>
/// AuthActors in a Kestrel app: <c>MapAuthActors()</c> and a cookie sign-in, the engine in-process on the
/// chosen journal. The same HTTP shape as the ASP.NET Core variant, plus durability.
/// </summary>
internal sealed class EngineVariant(string journal, int oauthVersion, string? postgres = null) : IVariant
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "authactors-bench", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private string _baseUrl = null!;

    public string Name => "engine-" + journal switch { "InMemory" => "memory", "PostgreSql" => "postgres", _ => journal.ToLowerInvariant() } + (oauthVersion == 1 ? "-oauth1" : string.Empty);

    private string Provider => oauthVersion == 2 ? "bench2" : "bench1";

    public static Dictionary<string, string?> Settings(string journal, string? connectionString, string dataDirectory, string devProviderUrl) => new()
    {
        ["AuthActors:DataDirectory"] = dataDirectory,
        ["AuthActors:Persistence:Provider"] = journal,
        ["AuthActors:Persistence:ConnectionString"] = connectionString,
        ["AuthActors:Encryption:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["AuthActors:Urls:DevProvider"] = devProviderUrl,
        ["AuthActors:Providers:bench2:ClientId"] = "dev-client",
        ["AuthActors:Providers:bench2:ClientSecret"] = "dev-secret",
        ["AuthActors:Providers:bench2:AuthorizeUrl"] = "{DevProvider}/oauth2/authorize",
        ["AuthActors:Providers:bench2:AccessTokenUrl"] = "{DevProvider}/oauth2/token",
        ["AuthActors:Providers:bench2:Scope"] = "profile",
        ["AuthActors:Providers:bench1:ClientId"] = "dev-consumer",
        ["AuthActors:Providers:bench1:ClientSecret"] = "dev-consumer-secret",
        ["AuthActors:Providers:bench1:RequestTokenUrl"] = "{DevProvider}/oauth1/request_token",
        ["AuthActors:Providers:bench1:AuthorizeUrl"] = "{DevProvider}/oauth1/authorize",
        ["AuthActors:Providers:bench1:AccessTokenUrl"] = "{DevProvider}/oauth1/access_token",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task StartAsync(DevProviderProcess provider, BenchOptions options)
    {
        _baseUrl = $"http://127.0.0.1:{DevProviderProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(_baseUrl);
        builder.Configuration.AddInMemoryCollection(Settings(journal, postgres, _data, provider.BaseUrl));
        builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().WithTransport(new FlurlOAuthTransport(new Flurl.Http.FlurlClient(UserAgent.NewBackchannel())));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        _app = builder.Build();
        _app!.UseAuthentication();
        _app.MapAuthActors();
        _app.MapGet("/", () => "ok");
        await _app.StartAsync();
    }

    public override string ToString() => Name;

    public async Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync()
    {
        var browser = new UserAgent();
        var watch = Stopwatch.StartNew();
        var (status, authorize) = await browser.GetAsync($"{_baseUrl}/login/{Provider}");
        if (status != 302 || authorize is null || authorize.StartsWith(_baseUrl, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Begin answered {status} {authorize}.");
        }

        var begin = watch.Elapsed;
        var callback = await UserAgent.ApproveAsync(authorize);
        watch.Restart();
        var (completeStatus, location) = await browser.GetAsync(callback);
        if (completeStatus != 302 || location != _baseUrl + "/")
        {
            throw new InvalidOperationException($"Complete answered {completeStatus} {location}.");
        }

        return (begin, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
