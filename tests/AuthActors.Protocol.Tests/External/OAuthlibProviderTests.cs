using System.Text.Json;
using System.Text.RegularExpressions;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;
using Xunit.Abstractions;

namespace AuthActors.Protocol.Tests.External;

/// <summary>One oauthlib provider (python3-oauthlib) for the whole class.</summary>
public sealed class OAuthlibProviderFixture : IAsyncLifetime
{
    public OAuthlibProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await OAuthlibProvider.StartAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// OAuthClient's OAuth 1.0a against a provider built on oauthlib: a server whose checks (nonce format, replay,
/// signature base string, verifier) were written by people who never saw this code.
/// </summary>
public sealed partial class OAuthlibProviderTests(OAuthlibProviderFixture fx, ITestOutputHelper output) : IClassFixture<OAuthlibProviderFixture>
{
    private OAuthlibProvider Provider => fx.Provider;

    private static async Task<OAuth1Token> LoginAsync(OAuthClient client)
    {
        OAuth1Token? saved = null;
        var redirect = await client.GenerateAuthorizeRedirectAsync(OAuthlibProvider.Callback, t => { saved = t; return Task.CompletedTask; });
        var callback = await OAuthlibProvider.ApproveAsync(redirect.Url);
        return Assert.IsType<OAuth1Token>(await client.FetchAccessTokenAsync(OAuthlibProvider.Callback, callback, () => Task.FromResult(saved)));
    }

    private static void AssertAlice(OAuthHttpResponse me)
    {
        Assert.Equal(200, me.StatusCode);
        using var json = JsonDocument.Parse(me.Body!);
        Assert.Equal("alice", json.RootElement.GetProperty("screen_name").GetString());
        Assert.Equal("4242", json.RootElement.GetProperty("id_str").GetString());
    }

    [Fact]
    public async Task Fifty_sequential_logins_all_succeed()
    {
        output.WriteLine($"oauthlib provider at {Provider.BaseUrl}, started in {Provider.Startup.TotalMilliseconds:F0} ms");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failures = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            try
            {
                var client = new OAuthClient(Provider.Options());
                var token = await LoginAsync(client);
                var me = await client.GetAsync("user", token);
                if (me.StatusCode != 200)
                {
                    failures.Add($"#{i}: user resource HTTP {me.StatusCode} {me.Body}");
                }
            }
            catch (OAuthException ex)
            {
                failures.Add($"#{i}: {ex.Error.Kind} {ex.Error.Code} {ex.Error.Description}");
            }
        }

        output.WriteLine($"50 logins in {clock.ElapsedMilliseconds} ms, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of 50 logins failed:\n{string.Join('\n', failures)}\nserver log:\n{Provider.Log}");
    }

    [Theory]
    [InlineData(OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Header)]
    [InlineData(OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Query)]
    [InlineData(OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Body)]
    [InlineData(OAuth1SignatureMethod.HmacSha256, OAuth1SignatureType.Header)]
    [InlineData(OAuth1SignatureMethod.HmacSha256, OAuth1SignatureType.Query)]
    [InlineData(OAuth1SignatureMethod.Plaintext, OAuth1SignatureType.Header)]
    public async Task A_login_and_a_signed_api_call_work_with_each_signature_method(OAuth1SignatureMethod method, OAuth1SignatureType placement)
    {
        var client = new OAuthClient(Provider.Options(new() { SignatureMethod = method, SignatureType = placement }));
        var token = await LoginAsync(client);
        AssertAlice(await client.GetAsync("user?fields=id%20name&x=%C3%A9", token));
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_by_the_server_as_a_typed_error()
    {
        var client = new OAuthClient(Provider.Options().ToDefinition(), new TamperingTransport());
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.GenerateAuthorizeRedirectAsync(OAuthlibProvider.Callback));
        Assert.Equal(401, ex.Error.HttpStatus);

        // The same on the token-credential step and on an API call with genuine credentials.
        var honest = new OAuthClient(Provider.Options());
        OAuth1Token? saved = null;
        var redirect = await honest.GenerateAuthorizeRedirectAsync(OAuthlibProvider.Callback, t => { saved = t; return Task.CompletedTask; });
        var callback = await OAuthlibProvider.ApproveAsync(redirect.Url);
        var exchange = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(OAuthlibProvider.Callback, callback, () => Task.FromResult(saved)));
        Assert.Equal(401, exchange.Error.HttpStatus);

        var token = await LoginAsync(honest);
        Assert.Equal(401, (await client.GetAsync("user", token)).StatusCode);
        AssertAlice(await honest.GetAsync("user", token));
    }

    [Fact]
    public async Task A_replayed_nonce_is_refused()
    {
        var token = await LoginAsync(new OAuthClient(Provider.Options()));

        // Same nonce and same timestamp twice: a fixed random source and a frozen clock.
        var replaying = new OAuthClient(Provider.Options().ToDefinition(), clock: new FixedTimeProvider(DateTimeOffset.UtcNow), random: new FixedByteRandomSource(0x41));
        AssertAlice(await replaying.GetAsync("user", token));
        Assert.Equal(401, (await replaying.GetAsync("user", token)).StatusCode);
        Assert.Contains("replayed nonce", Provider.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verifier_that_is_not_the_one_issued_is_refused()
    {
        var client = new OAuthClient(Provider.Options());
        OAuth1Token? saved = null;
        var redirect = await client.GenerateAuthorizeRedirectAsync(OAuthlibProvider.Callback, t => { saved = t; return Task.CompletedTask; });
        var callback = (await OAuthlibProvider.ApproveAsync(redirect.Url))
            .Select(p => p.Key == "oauth_verifier" ? new KeyValuePair<string, string>(p.Key, new string('v', 30)) : p).ToList();
        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync(OAuthlibProvider.Callback, callback, () => Task.FromResult(saved)));
        Assert.Equal(401, ex.Error.HttpStatus);
    }

    [Fact]
    public async Task An_unregistered_callback_or_a_wrong_consumer_secret_is_refused()
    {
        var client = new OAuthClient(Provider.Options());
        Assert.Equal(401, (await Assert.ThrowsAsync<OAuthException>(() => client.GenerateAuthorizeRedirectAsync("http://127.0.0.1:9/elsewhere"))).Error.HttpStatus);
        var wrongSecret = new OAuthClient(Provider.Options() with { ClientSecret = "not-the-secret" });
        Assert.Equal(401, (await Assert.ThrowsAsync<OAuthException>(() => wrongSecret.GenerateAuthorizeRedirectAsync(OAuthlibProvider.Callback))).Error.HttpStatus);
    }

    /// <summary>Sends through Flurl after changing one character of the signature in the Authorization header.</summary>
    private sealed partial class TamperingTransport : IOAuthHttpTransport
    {
        private readonly FlurlOAuthTransport _inner = new();

        public Task<OAuthHttpResponse> SendAsync(OAuthHttpRequest request, CancellationToken cancellationToken = default)
        {
            var headers = request.Headers.Select(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                ? new KeyValuePair<string, string>(h.Key, Signature().Replace(h.Value, m => m.Groups[1].Value + (m.Groups[2].Value == "A" ? "B" : "A")))
                : h).ToList();
            return _inner.SendAsync(request with { Headers = headers }, cancellationToken);
        }

        [GeneratedRegex("(oauth_signature=\")(.)")]
        private static partial Regex Signature();
    }
}
