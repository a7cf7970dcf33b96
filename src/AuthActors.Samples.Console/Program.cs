// The seed document's two flows, end to end, against the DevProvider on loopback.
// A real browser would follow the authorize redirect; here an HttpClient plays the browser.
using AuthActors.DevProvider;
using AuthActors.Protocol;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;

await using var provider = await DevProviderServer.StartAsync();
Console.WriteLine($"DevProvider listening on {provider.BaseUrl}");
using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

// OAuth 2: no request token; keep state and the PKCE verifier for the callback.
var github = new OAuthClient(new OAuthClientOptions
{
    ClientId = "dev-client",
    ClientSecret = "dev-secret",
    ApiBaseUrl = provider.ApiBaseUrl,
    AccessTokenUrl = provider.OAuth2TokenUrl,
    AuthorizeUrl = provider.OAuth2AuthorizeUrl,
    ClientKwargs = new() { Scope = "profile email" },
});
const string redirectUri = "http://127.0.0.1:9/auth";
var redirect = await github.GenerateAuthorizeRedirectAsync(redirectUri);
var (url, state) = redirect;
Console.WriteLine($"[oauth2] 1. redirect the user to {url}");
var callback = await FollowAsync(browser, url);
Console.WriteLine($"[oauth2] 2. the provider sent the user back to {Redact(callback)}");
var token2 = (OAuth2Token)await github.FetchAccessTokenAsync(redirectUri, Query(callback), expectedState: state, codeVerifier: redirect.CodeVerifier);
Console.WriteLine($"[oauth2] 3. exchanged the code: {token2}");
var me2 = await github.GetAsync("user", token2);
Console.WriteLine($"[oauth2] 4. GET user -> HTTP {me2.StatusCode} {me2.Body}");

// OAuth 1: the request token is saved before the redirect and read back at the callback.
var twitter = new OAuthClient(new OAuthClientOptions
{
    ClientId = "dev-consumer",
    ClientSecret = "dev-consumer-secret",
    RequestTokenUrl = provider.OAuth1RequestTokenUrl,
    AccessTokenUrl = provider.OAuth1AccessTokenUrl,
    AuthorizeUrl = provider.OAuth1AuthorizeUrl,
    ApiBaseUrl = provider.BaseUrl + "/oauth1/api/",
});
OAuth1Token? saved = null;
var (url1, state1) = await twitter.GenerateAuthorizeRedirectAsync(redirectUri, saveRequestToken: t => { saved = t; return Task.CompletedTask; });
Console.WriteLine($"[oauth1] 1. obtained a request token; redirect the user to {url1} (state: {state1 ?? "none"})");
var callback1 = await FollowAsync(browser, url1);
Console.WriteLine($"[oauth1] 2. the provider sent the user back to {Redact(callback1)}");
var token1 = await twitter.FetchAccessTokenAsync(redirectUri, Query(callback1), getRequestToken: () => Task.FromResult(saved));
Console.WriteLine($"[oauth1] 3. exchanged the verifier: {token1}");
var me1 = await twitter.GetAsync("user", token1);
Console.WriteLine($"[oauth1] 4. GET user (signed) -> HTTP {me1.StatusCode} {me1.Body}");
return me1.StatusCode == 200 && me2.StatusCode == 200 ? 0 : 1;

static async Task<string> FollowAsync(HttpClient browser, string url)
{
    using var response = await browser.GetAsync(url);
    return response.Headers.Location?.ToString() ?? throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} instead of redirecting.");
}

static IReadOnlyList<KeyValuePair<string, string>> Query(string url) => FormEncoding.Parse(new Uri(url).Query);

// Codes and verifiers are short-lived, but a sample should not teach printing them.
static string Redact(string url) => new Uri(url).GetLeftPart(UriPartial.Path) + "?" + string.Join("&",
    Query(url).Select(p => p.Key + "=" + (p.Key is "code" or "oauth_verifier" ? "***" : p.Value)));
