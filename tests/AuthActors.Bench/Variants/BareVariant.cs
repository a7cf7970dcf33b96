using System.Collections.Concurrent;
using System.Diagnostics;
using AuthActors.Protocol;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Bench.Variants;

/// <summary>
/// The limit: <c>OAuthClient</c> alone (begin, exchange and, for OAuth 2, the user info), state kept in a dictionary,
/// no actors, no journal, no app HTTP hop. It runs
/// inside the load process (there is no app to put in a process of its own): a reference, not a contender.
/// </summary>
internal sealed class BareVariant(int oauthVersion, string baseUrl) : ILogin
{
    private const string Callback = "http://127.0.0.1:9/callback";
    private readonly ConcurrentDictionary<string, AuthorizeRedirect> _saved = new(StringComparer.Ordinal);
    private readonly OAuthClient _client = new(oauthVersion == 2
        ? new OAuthClientOptions
        {
            ClientId = "dev-client", ClientSecret = "dev-secret", AuthorizeUrl = baseUrl + "/oauth2/authorize", AccessTokenUrl = baseUrl + "/oauth2/token",
            ApiBaseUrl = baseUrl + "/api/", ClientKwargs = new() { Scope = "profile" },
        }
        : new OAuthClientOptions
        {
            ClientId = "dev-consumer", ClientSecret = "dev-consumer-secret", RequestTokenUrl = baseUrl + "/oauth1/request_token",
            AuthorizeUrl = baseUrl + "/oauth1/authorize", AccessTokenUrl = baseUrl + "/oauth1/access_token",
        }, new FlurlOAuthTransport(new Flurl.Http.FlurlClient(HostedApp.NewBackchannel())));

    public async Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync()
    {
        var watch = Stopwatch.StartNew();
        var redirect = await _client.GenerateAuthorizeRedirectAsync(Callback);
        _saved[redirect.State ?? redirect.RequestToken!.Token] = redirect;
        var begin = watch.Elapsed;

        var parameters = FormEncoding.Parse(new Uri(await UserAgent.ApproveAsync(redirect.Url)).Query);

        watch.Restart();
        var key = parameters.First("state") ?? parameters.First("oauth_token")!;
        if (!_saved.TryRemove(key, out var saved))
        {
            throw new InvalidOperationException("Unknown state.");
        }

        var token = await _client.FetchAccessTokenAsync(Callback, parameters, () => Task.FromResult<OAuth1Token?>(saved.RequestToken),
            expectedState: saved.State, codeVerifier: saved.CodeVerifier);
        if (oauthVersion == 2 && !(await _client.GetAsync("user", token)).IsSuccessStatus)
        {
            // Who signed in: the user info, as the engine and the ASP.NET Core app ask (OAuth 1 has user_id in the token).
            throw new InvalidOperationException("The user info call failed.");
        }
        return (begin, watch.Elapsed);
    }
}
