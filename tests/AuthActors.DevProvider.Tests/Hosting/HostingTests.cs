using System.Net;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7636;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.DevProvider.Tests.Hosting;

/// <summary>StartAsync's contract, and the provider mapped inside another app under a path prefix.</summary>
public sealed class HostingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.168.1.1:0")]
    [InlineData("https://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:0/path")]
    public async Task Only_http_loopback_urls_are_accepted(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => DevProviderServer.StartAsync(null, url));
    }

    [Fact]
    public async Task Port_zero_reports_the_real_port_and_defaults_apply()
    {
        await using var server = await DevProviderServer.StartAsync();

        Assert.Matches("^http://127\\.0\\.0\\.1:[1-9][0-9]*$", server.BaseUrl);
        Assert.Equal(server.BaseUrl + "/oauth2/token", server.OAuth2TokenUrl);
        Assert.Equal(server.BaseUrl + "/api/", server.ApiBaseUrl);
        Assert.Equal(server.BaseUrl + "/oauth1/api/user", server.OAuth1UserUrl);
        Assert.Equal("dev-client", server.Options.OAuth2Clients.Single().ClientId);
        Assert.Equal("dev-consumer", server.Options.OAuth1Clients.Single().ConsumerKey);
        Assert.True(server.Options.OAuth2Clients.Single().RequirePkce);
    }

    [Fact]
    public async Task Configured_issuer_is_used_for_iss()
    {
        await using var server = await DevProviderServer.StartAsync(new DevProviderOptions { Issuer = "https://issuer.example.test" });
        using var http = new TestHttp();
        var url = new AuthorizationRequest(server.OAuth2AuthorizeUrl, "dev-client")
        {
            RedirectUri = "http://localhost:1/cb", CodeChallenge = Pkce.S256Challenge(Pkce.CreateVerifier(CryptoRandomSource.Instance)), CodeChallengeMethod = "S256",
        }.ToUrl();

        var response = await http.GetAsync(url);

        Assert.Equal("https://issuer.example.test", response.LocationQuery.First("iss"));
    }

    [Fact]
    public async Task Without_auto_approve_authorize_shows_the_consent_page()
    {
        await using var server = await DevProviderServer.StartAsync(new DevProviderOptions { AutoApprove = false });
        using var http = new TestHttp();
        var url = new AuthorizationRequest(server.OAuth2AuthorizeUrl, "dev-client")
        {
            RedirectUri = "http://[::1]:1/cb", CodeChallenge = Pkce.S256Challenge(Pkce.CreateVerifier(CryptoRandomSource.Instance)), CodeChallengeMethod = "S256",
        }.ToUrl();

        var response = await http.GetAsync(url);

        Assert.Equal(200, response.Status);
        Assert.Contains("consent_id", response.Body);
        Assert.Equal(0, server.Counters.CodesIssued);
    }

    [Fact]
    public async Task Embedded_under_a_prefix_the_flows_work_and_urls_carry_the_prefix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        var state = new DevProviderState(new DevProviderOptions());
        app.MapDevProvider(state, "/dev-provider");
        app.MapGet("/", () => "the host app");
        await app.StartAsync();
        var root = app.Urls.Single().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var provider = root + "/dev-provider";
        using var http = new TestHttp();

        var metadata = (await http.GetAsync(provider + "/.well-known/oauth-authorization-server")).Json;
        var rfc8414 = (await http.GetAsync(root + "/.well-known/oauth-authorization-server/dev-provider")).Json;
        Assert.Equal(provider, (string?)metadata["issuer"]);
        Assert.Equal(provider + "/oauth2/token", (string?)rfc8414["token_endpoint"]);
        var discovery = (await http.GetAsync(provider + "/.well-known/openid-configuration")).Json; // OIDC Discovery §4: appended to the issuer
        Assert.Equal(provider, (string?)discovery["issuer"]);
        Assert.Equal(provider + "/oauth2/jwks", (string?)discovery["jwks_uri"]);
        Assert.Equal(200, (await http.GetAsync(provider + "/oauth2/jwks")).Status);

        // OAuth 2 through the prefix, consent page included.
        var verifier = Pkce.CreateVerifier(CryptoRandomSource.Instance);
        var page = await http.GetAsync(new AuthorizationRequest(provider + "/oauth2/authorize", "dev-client")
        {
            RedirectUri = "http://127.0.0.1:1/cb", State = "s", CodeChallenge = Pkce.S256Challenge(verifier), CodeChallengeMethod = "S256",
            ExtraParameters = [new("dev_consent", "page")],
        }.ToUrl());
        Assert.Equal("/dev-provider/oauth2/consent", ConsentPage.Action(page.Body));
        var approved = await http.SendAsync(OAuthHttpRequest.PostForm(root + ConsentPage.Action(page.Body),
            [new("consent_id", ConsentPage.ConsentId(page.Body)), new("decision", "approve")]));
        Assert.Equal(provider, approved.LocationQuery.First("iss"));
        var token = await http.SendAsync(new ClientAuthentication("client_secret_basic", "dev-client", "dev-secret").Apply(
            TokenRequests.AuthorizationCode(provider + "/oauth2/token", approved.LocationQuery.First("code")!, "http://127.0.0.1:1/cb", verifier),
            provider + "/oauth2/token", DateTimeOffset.UtcNow, "j"));
        Assert.Equal(200, token.Status);

        // OAuth 1 signatures cover the prefixed path as received.
        var consumer = new OAuth1Credentials("dev-consumer", "dev-consumer-secret");
        var requestToken = await http.SendAsync(OAuth1Messages.RequestToken(provider + "/oauth1/request_token", consumer, "oob", "n1", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.Equal(200, requestToken.Status);

        Assert.Equal("the host app", (await http.GetAsync(root + "/")).Body);
        Assert.Equal(1, state.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        await app.StopAsync();
    }
}
