using System.Security.Cryptography;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using AuthActors.DevProvider;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Statistics;
using AuthActors.Engine.Vault;
using AuthActors.Hosting.Persistence;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;

namespace AuthActors.Engine.Tests.Support;

/// <summary>
/// A real engine for specs: an actor system on a real SQLite file in a temp directory, the AuthActors
/// serializer, and one provider supervisor per DevProvider client. It can be stopped and started again on
/// the same file.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private static readonly FlurlOAuthTransport Transport = new(timeout: TimeSpan.FromSeconds(10));

    private EngineHarness(DevProviderServer provider, string directory, byte[] key)
    {
        Provider = provider;
        Directory = directory;
        Key = key;
    }

    public DevProviderServer Provider { get; }

    public string Directory { get; }

    public byte[] Key { get; }

    public string DatabasePath => Path.Combine(Directory, "authactors.db");

    public ActorSystem? System { get; private set; }

    public AuthFlows Flows { get; private set; } = null!;

    /// <summary>The token vault: a local shard of grants over the same runtimes as the attempts.</summary>
    public TokenVault Vault { get; private set; } = null!;

    /// <summary>Providers beyond dev2, dev1 and oidc, added by the spec that started the harness.</summary>
    public IReadOnlyList<ProviderDefinition> ExtraProviders { get; private set; } = [];

    public static async Task<EngineHarness> StartAsync(string? extraHocon = null, DevProviderServer? provider = null,
        Func<DevProviderServer, IEnumerable<ProviderDefinition>>? extraProviders = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "authactors-tests", Guid.NewGuid().ToString("N"));
        global::System.IO.Directory.CreateDirectory(directory);
        var harness = new EngineHarness(provider ?? await DevProviderServer.StartAsync(), directory, RandomNumberGenerator.GetBytes(32));
        harness.ExtraProviders = extraProviders?.Invoke(harness.Provider).ToList() ?? [];
        harness.StartSystem(extraHocon);
        return harness;
    }

    /// <summary>The DevProvider as an OpenID Provider, configured by its metadata URL alone.</summary>
    public static OAuth2ProviderDefinition OidcDefinition(DevProviderServer p) =>
        new("oidc", "dev-client", "dev-secret", string.Empty, string.Empty) { ServerMetadataUrl = p.OidcDiscoveryUrl, Scope = "openid profile email" };

    public static OAuth2ProviderDefinition OAuth2Definition(DevProviderServer p) =>
        new("dev2", "dev-client", "dev-secret", p.OAuth2AuthorizeUrl, p.OAuth2TokenUrl)
        {
            Issuer = p.Issuer, Scope = "profile", ApiBaseUrl = p.ApiBaseUrl, UserInfoUrl = "user", RevocationUrl = p.OAuth2RevocationUrl,
        };

    public static OAuth1ProviderDefinition OAuth1Definition(DevProviderServer p) =>
        new("dev1", "dev-consumer", "dev-consumer-secret", p.OAuth1RequestTokenUrl, p.OAuth1AuthorizeUrl, p.OAuth1AccessTokenUrl)
        {
            ApiBaseUrl = p.BaseUrl + "/oauth1/api/", UserInfoUrl = "user",
        };

    public void StartSystem(string? extraHocon = null)
    {
        var connectionString = $"Data Source={DatabasePath}";
        JournalSetup.PrepareSqlite(connectionString);
        var config = ConfigurationFactory.ParseString(extraHocon ?? string.Empty)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = INFO\nakka.stdout-loglevel = INFO"))
            .WithFallback(JournalSetup.Hocon(JournalSetup.Sqlite, connectionString))
            .WithFallback(AuthActorsSettings.DefaultConfig());
        System = ActorSystem.Create("engine-" + Guid.NewGuid().ToString("N")[..8],
            ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), AuthActorsSerialization.Setup(FieldEncryptor.WithKey(Key))));
        var settings = AuthActorsSettings.Create(System);
        var runtimes = new[] { (ProviderDefinition)OAuth2Definition(Provider), OAuth1Definition(Provider), OidcDefinition(Provider) }.Concat(ExtraProviders)
            .Select(d => new ProviderRuntime(d, Transport, settings))
            .ToDictionary(r => r.Name);
        var routes = runtimes.Values.Select(r => (r.Definition, System.ActorOf(ProviderSupervisor.Props(r), "provider-" + r.Name))).ToList();
        var grants = System.ActorOf(TokenGrant.LocalShardProps(runtimes), "grants");
        Vault = new TokenVault(grants, runtimes.Values.Select(r => r.Definition), settings);
        System.ActorOf(Vault.UpdateRelayProps(), "token-updates");
        Flows = new AuthFlows(routes, settings, statistics: System.ActorOf(AttemptStatistics.Props(), "attempt-statistics"), vault: Vault);
    }

    public async Task StopSystemAsync()
    {
        if (System is not null)
        {
            await System.Terminate();
            System = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopSystemAsync();
        await Provider.DisposeAsync();
        try
        {
            global::System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
