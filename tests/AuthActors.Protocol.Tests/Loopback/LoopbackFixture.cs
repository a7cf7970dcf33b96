using AuthActors.DevProvider;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.Tests.Loopback;

/// <summary>One DevProvider on a free loopback port for the whole class; knobs are reset per test.</summary>
public sealed class LoopbackFixture : IAsyncLifetime
{
    public DevProviderServer Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await DevProviderServer.StartAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();

    public OAuthClientOptions OAuth2(OAuthClientKwargs? kwargs = null) => new()
    {
        Name = "dev2",
        ClientId = "dev-client",
        ClientSecret = "dev-secret",
        AuthorizeUrl = Provider.OAuth2AuthorizeUrl,
        AccessTokenUrl = Provider.OAuth2TokenUrl,
        RevocationUrl = Provider.OAuth2RevocationUrl,
        ApiBaseUrl = Provider.ApiBaseUrl,
        Issuer = Provider.Issuer,
        ClientKwargs = kwargs ?? new() { Scope = "profile email" },
    };

    public OAuthClientOptions OAuth1(OAuthClientKwargs? kwargs = null) => new()
    {
        Name = "dev1",
        ClientId = "dev-consumer",
        ClientSecret = "dev-consumer-secret",
        RequestTokenUrl = Provider.OAuth1RequestTokenUrl,
        AuthorizeUrl = Provider.OAuth1AuthorizeUrl,
        AccessTokenUrl = Provider.OAuth1AccessTokenUrl,
        ApiBaseUrl = Provider.BaseUrl + "/oauth1/api/",
        ClientKwargs = kwargs ?? new(),
    };

    /// <summary>Plays the browser: follows the authorize URL once and returns the callback's parameters.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ApproveAsync(string authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authorizeUrl);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect: HTTP {(int)response.StatusCode}.");
        return FormEncoding.Parse(location.Query);
    }
}
