using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AuthActors.DevProvider;

/// <summary>
/// A dev provider on its own Kestrel server, bound to 127.0.0.1 only: a thin wrapper that maps
/// <see cref="DevProviderEndpointRouteBuilderExtensions.MapDevProvider"/> at the root of a small app.
/// </summary>
public sealed class DevProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevProviderServer(WebApplication app, DevProviderState state, string baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>
    /// Starts a provider at <paramref name="url"/> (<c>http</c>, host <c>127.0.0.1</c> or <c>localhost</c>,
    /// both bound as 127.0.0.1; port 0 picks a free port, which <see cref="BaseUrl"/> then reports).
    /// </summary>
    /// <param name="options">The provider's clients, user and knobs.</param>
    /// <param name="url">The loopback URL to listen on.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="bindAddress">
    /// The address to bind instead of 127.0.0.1: only for a container, whose network is private (the
    /// Dockerfile passes <c>--container</c>); never on a shared host.
    /// </param>
    /// <exception cref="ArgumentException">The URL is not an http URL on the loopback host.</exception>
    public static async Task<DevProviderServer> StartAsync(DevProviderOptions? options = null, string url = "http://127.0.0.1:0", CancellationToken ct = default,
        IPAddress? bindAddress = null)
    {
        var port = ParseLoopbackPort(url);
        var state = new DevProviderState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(DevProviderServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, Hosting.PassiveHostLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(bindAddress ?? IPAddress.Loopback, port));

        var app = builder.Build();
        app.MapDevProvider(state);
        await app.StartAsync(ct);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        var baseUrl = $"http://127.0.0.1:{new Uri(bound).Port}";
        state.BaseUrl = baseUrl;
        return new DevProviderServer(app, state, baseUrl);
    }

    /// <summary>The root URL, for example <c>http://127.0.0.1:43123</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>The issuer (RFC 8414, RFC 9207): <see cref="DevProviderOptions.Issuer"/>, or <see cref="BaseUrl"/>.</summary>
    public string Issuer => State.Options.Issuer ?? BaseUrl;

    /// <summary>The provider's state: options, counters, knobs.</summary>
    public DevProviderState State { get; }

    /// <summary>The options the provider runs with.</summary>
    public DevProviderOptions Options => State.Options;

    /// <summary>What the provider did so far.</summary>
    public DevProviderCounters Counters => State.Counters;

    /// <summary>Per-client faults and quirks.</summary>
    public DevProviderKnobs Knobs => State.Knobs;

    /// <summary>The OAuth 2 authorization endpoint.</summary>
    public string OAuth2AuthorizeUrl => BaseUrl + DevProviderPaths.OAuth2Authorize;

    /// <summary>The OAuth 2 token endpoint.</summary>
    public string OAuth2TokenUrl => BaseUrl + DevProviderPaths.OAuth2Token;

    /// <summary>The revocation endpoint (RFC 7009).</summary>
    public string OAuth2RevocationUrl => BaseUrl + DevProviderPaths.OAuth2Revoke;

    /// <summary>The introspection endpoint (RFC 7662).</summary>
    public string OAuth2IntrospectionUrl => BaseUrl + DevProviderPaths.OAuth2Introspect;

    /// <summary>The user info endpoint.</summary>
    public string OAuth2UserInfoUrl => BaseUrl + DevProviderPaths.OAuth2UserInfo;

    /// <summary>The protected API's base URL, with a trailing slash (its <c>user</c> is the user).</summary>
    public string ApiBaseUrl => BaseUrl + DevProviderPaths.ApiBase;

    /// <summary>The authorization server metadata document (RFC 8414).</summary>
    public string MetadataUrl => BaseUrl + DevProviderPaths.Metadata;

    /// <summary>The OpenID Provider configuration (OpenID Connect Discovery 1.0 §4).</summary>
    public string OidcDiscoveryUrl => BaseUrl + DevProviderPaths.OidcDiscovery;

    /// <summary>The JWK Set of the id_token signing keys.</summary>
    public string JwksUrl => BaseUrl + DevProviderPaths.Jwks;

    /// <summary>New id_token signing keys; see <see cref="DevProviderState.RotateSigningKeys"/>.</summary>
    public void RotateSigningKeys(bool keepPrevious = true) => State.RotateSigningKeys(keepPrevious);

    /// <summary>The OAuth 1 temporary credential request endpoint.</summary>
    public string OAuth1RequestTokenUrl => BaseUrl + DevProviderPaths.OAuth1RequestToken;

    /// <summary>The OAuth 1 resource owner authorization endpoint.</summary>
    public string OAuth1AuthorizeUrl => BaseUrl + DevProviderPaths.OAuth1Authorize;

    /// <summary>The OAuth 1 token request endpoint.</summary>
    public string OAuth1AccessTokenUrl => BaseUrl + DevProviderPaths.OAuth1AccessToken;

    /// <summary>The OAuth 1 protected user resource.</summary>
    public string OAuth1UserUrl => BaseUrl + DevProviderPaths.OAuth1User;

    /// <summary>Stops the server, letting requests in flight finish until <paramref name="ct"/> fires.</summary>
    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    /// <summary>Stops the server and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int ParseLoopbackPort(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            uri.Host is not ("127.0.0.1" or "localhost") || uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new ArgumentException($"The dev provider listens on http://127.0.0.1:PORT only; '{url}' is not such a URL.", nameof(url));
        }

        return uri.Port;
    }
}
