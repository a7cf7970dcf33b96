using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7636;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.ClientAuthenticationMethods;

namespace AuthActors.DevProvider.Tests.Support;

/// <summary>
/// A fresh provider on a free loopback port per test, plus the client-side steps of the flows, built with the
/// Protocol's request builders.
/// </summary>
public abstract class ProviderTest : IAsyncLifetime
{
    protected const string RedirectUri = "http://127.0.0.1:5999/callback";

    private DevProviderServer? _server;

    protected DevProviderServer Server => _server ?? throw new InvalidOperationException("Not started.");

    protected TestHttp Http { get; } = new();

    protected ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Adjusts the options before the server starts.</summary>
    protected virtual void Configure(DevProviderOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var options = new DevProviderOptions { Clock = Clock };
        Configure(options);
        _server = await DevProviderServer.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected static ClientAuthentication Basic(string id = "dev-client", string secret = "dev-secret") => new(M.ClientSecretBasic, id, secret);

    protected static ClientAuthentication Post(string id = "dev-client", string secret = "dev-secret") => new(M.ClientSecretPost, id, secret);

    /// <summary>The authorization request URL with an S256 challenge for <paramref name="verifier"/>.</summary>
    protected string AuthorizeUrl(string verifier, string? state = "st-1", string? scope = "read", string redirectUri = RedirectUri,
        string clientId = "dev-client", params KeyValuePair<string, string>[] extra) =>
        new AuthorizationRequest(Server.OAuth2AuthorizeUrl, clientId)
        {
            RedirectUri = redirectUri,
            Scope = scope,
            State = state,
            CodeChallenge = Pkce.S256Challenge(verifier),
            CodeChallengeMethod = "S256",
            ExtraParameters = extra,
        }.ToUrl();

    /// <summary>Runs the authorization step and returns the code from the redirect.</summary>
    protected async Task<string> AuthorizeAsync(string verifier, string? scope = "read")
    {
        var response = await Http.GetAsync(AuthorizeUrl(verifier, scope: scope));
        Assert.Equal(302, response.Status);
        return response.LocationQuery.First("code") ?? throw new InvalidOperationException("No code in " + response.Location);
    }

    protected Task<TestResponse> RedeemAsync(string code, string? verifier, ClientAuthentication? auth = null, string? redirectUri = RedirectUri,
        params (string Name, string Value)[] headers) =>
        SendTokenRequestAsync(TokenRequests.AuthorizationCode(Server.OAuth2TokenUrl, code, redirectUri, verifier), auth, headers);

    protected Task<TestResponse> SendTokenRequestAsync(OAuthHttpRequest request, ClientAuthentication? auth = null, params (string Name, string Value)[] headers) =>
        Http.SendAsync((auth ?? Basic()).Apply(request, request.Url, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N")), headers);

    /// <summary>The whole code flow: tokens JSON of a successful exchange.</summary>
    protected async Task<TestResponse> CodeFlowAsync(string? scope = "read")
    {
        var verifier = Pkce.CreateVerifier(CryptoRandomSource.Instance);
        var code = await AuthorizeAsync(verifier, scope);
        var tokens = await RedeemAsync(code, verifier);
        Assert.Equal(200, tokens.Status);
        return tokens;
    }

    protected static string NewVerifier() => Pkce.CreateVerifier(CryptoRandomSource.Instance);
}
