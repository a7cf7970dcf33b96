using System.Security.Cryptography;
using AuthActors.AspNetCore;
using AuthActors.Hosting;
using AuthActors.Hosting.PostgreSql;
using AuthActors.Protocol.Http;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthActors.Bench.Variants;

/// <summary>
/// AuthActors in a Kestrel app: <c>MapAuthActors()</c> and a cookie sign-in, the engine in-process on the chosen
/// journal. The same HTTP shape as the ASP.NET Core app, plus durability. Every use of the Hosting API in the
/// benchmark is in this file (<see cref="AddEngine"/>), so a change of that API touches nothing else.
/// </summary>
internal static class EngineApp
{
    /// <summary>
    /// The app for <c>engine-memory</c>, <c>engine-sqlite</c>, <c>engine-postgres</c>, <c>engine-sqlite-oauth1</c>,
    /// <c>engine-sqlite-oidc</c> (OpenID Connect: discovery, and an id_token checked against the provider's keys), and
    /// <c>engine-memory-loginonly</c>, <c>engine-sqlite-loginonly</c> and <c>engine-postgres-loginonly</c> (the token
    /// vault off: a login-only app, which keeps no tokens after the sign-in, as ASP.NET Core's handler keeps none on the
    /// server).
    /// </summary>
    public static HostedApp Build(string variant, string providerUrl, string? postgres)
    {
        var journal = variant switch
        {
            "engine-memory" or "engine-memory-loginonly" => "InMemory",
            "engine-sqlite" or "engine-sqlite-oauth1" or "engine-sqlite-oidc" or "engine-sqlite-loginonly" => "Sqlite",
            "engine-postgres" or "engine-postgres-loginonly" => "PostgreSql",
            _ => throw new ArgumentException($"Unknown variant {variant}."),
        };
        var provider = variant switch
        {
            _ when variant.EndsWith("-oauth1", StringComparison.Ordinal) => "bench1",
            _ when variant.EndsWith("-oidc", StringComparison.Ordinal) => "bench3",
            _ => "bench2",
        };
        var data = Path.Combine(Path.GetTempPath(), "authactors-bench", Guid.NewGuid().ToString("N"));
        var settings = Settings(journal, postgres, data, providerUrl);
        if (variant.EndsWith("-loginonly", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(data);
            var hocon = Path.Combine(data, "login-only.conf");
            File.WriteAllText(hocon, "authactors.vault.store-on-login = off\n");
            settings["AuthActors:HoconFiles:0"] = hocon;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        AddEngine(builder, settings, new FlurlOAuthTransport(new Flurl.Http.FlurlClient(HostedApp.NewBackchannel())));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        var app = builder.Build();
        app.UseAuthentication();
        app.MapAuthActors();
        app.MapGet("/", () => "ok");
        return new HostedApp(app, $"/login/{provider}", data);
    }

    /// <summary>The real composition: <c>AddAuthActors</c> bound to configuration, with an optional transport.</summary>
    public static void AddEngine(IHostApplicationBuilder builder, Dictionary<string, string?> settings, IOAuthHttpTransport? transport = null)
    {
        builder.Configuration.AddInMemoryCollection(settings);
        var authActors = builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql();
        if (transport is not null)
        {
            authActors.WithTransport(transport);
        }
    }

    /// <summary>
    /// Configuration for a journal and the three DevProvider clients: <c>bench2</c> (OAuth 2; the user is identified by
    /// its user info, one more provider call), <c>bench1</c> (OAuth 1; by the token response's <c>user_id</c>) and
    /// <c>bench3</c> (OpenID Connect; by the id_token, with the metadata and keys fetched once and cached).
    /// </summary>
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
        ["AuthActors:Providers:bench2:ApiBaseUrl"] = "{DevProvider}/api/",
        ["AuthActors:Providers:bench2:UserInfoUrl"] = "user",
        ["AuthActors:Providers:bench2:Scope"] = "profile",
        ["AuthActors:Providers:bench3:ClientId"] = "dev-client",
        ["AuthActors:Providers:bench3:ClientSecret"] = "dev-secret",
        ["AuthActors:Providers:bench3:ServerMetadataUrl"] = "{DevProvider}/.well-known/openid-configuration",
        ["AuthActors:Providers:bench3:Scope"] = "openid profile",
        ["AuthActors:Providers:bench1:ClientId"] = "dev-consumer",
        ["AuthActors:Providers:bench1:ClientSecret"] = "dev-consumer-secret",
        ["AuthActors:Providers:bench1:RequestTokenUrl"] = "{DevProvider}/oauth1/request_token",
        ["AuthActors:Providers:bench1:AuthorizeUrl"] = "{DevProvider}/oauth1/authorize",
        ["AuthActors:Providers:bench1:AccessTokenUrl"] = "{DevProvider}/oauth1/access_token",
        ["AuthActors:Providers:bench1:ClaimMap:sub"] = "user_id",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
