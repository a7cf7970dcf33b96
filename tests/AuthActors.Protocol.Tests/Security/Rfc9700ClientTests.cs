using System.Net;
using System.Net.Sockets;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.Client;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.Security;

/// <summary>Rows of the OAuth 2.0 Security BCP (RFC 9700) that the client library enforces.</summary>
public sealed class Rfc9700ClientTests
{
    private static readonly OAuth2Token Token = new("at-secret", "Bearer");

    [Theory]
    [InlineData("https://api.idp.example/v1/me", true)]
    [InlineData("https://API.IDP.EXAMPLE/other/path", true)]
    [InlineData("https://uploads.idp.example/file", true)]
    [InlineData("http://api.idp.example/v1/me", false)]
    [InlineData("https://api.idp.example:8443/v1/me", false)]
    [InlineData("https://evil.example/steal", false)]
    [InlineData("https://api.idp.example.evil.example/", false)]
    [InlineData("ftp://api.idp.example/", false)]
    [InlineData("not a url", false)]
    public void A_token_goes_only_to_the_https_origin_of_the_API_base_or_the_allow_list(string url, bool allowed)
    {
        var provider = ClientFactory.OAuth2Options().ToDefinition() with { TokenOrigins = ["https://uploads.idp.example"] };
        Assert.Equal(allowed, provider.MayReceiveToken(url));
    }

    [Fact]
    public void Loopback_may_use_http_for_development_servers()
    {
        var provider = ClientFactory.OAuth2Options().ToDefinition() with { ApiBaseUrl = "http://127.0.0.1:5100/api/" };
        Assert.True(provider.MayReceiveToken("http://127.0.0.1:5100/api/user"));
        Assert.False(provider.MayReceiveToken("http://127.0.0.1:5101/api/user"));
    }

    [Fact]
    public async Task OAuthClient_refuses_to_send_the_token_to_another_origin_and_sends_nothing()
    {
        var (client, transport) = ClientFactory.Create(ClientFactory.OAuth2Options(), OAuthHttpResponse.Json(200, "{}"));

        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.GetAsync("https://evil.example/collect", Token));

        Assert.Equal((ErrorKind.InvalidRequest, OAuthErrorCodes.TokenDestinationNotAllowed), (ex.Error.Kind, ex.Error.Code));
        Assert.Empty(transport.Requests);
        Assert.Equal(200, (await client.GetAsync("me", Token)).StatusCode);
    }

    [Fact]
    public async Task A_code_exchange_without_the_saved_state_is_refused_unless_the_caller_says_it_checked_it()
    {
        var (client, transport) = ClientFactory.Create(ClientFactory.OAuth2Options(),
            OAuthHttpResponse.Json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));
        var callback = FormEncoding.Parse("code=c&state=s");

        var ex = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync("https://app/cb", callback, codeVerifier: "v"));
        Assert.Equal(OAuthErrorCodes.StateNotChecked, ex.Error.Code);
        Assert.Empty(transport.Requests);

        Assert.IsType<OAuth2Token>(await client.FetchAccessTokenAsync("https://app/cb", callback, codeVerifier: "v", stateCheckedByCaller: true));
    }

    [Fact]
    public async Task The_transport_never_follows_a_redirect_from_a_token_endpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requests = new List<string>();
        var server = Task.Run(async () =>
        {
            // A minimal HTTP server: every request is answered with a redirect to /stolen.
            for (var i = 0; i < 2; i++)
            {
                using var socket = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
                var stream = socket.GetStream();
                var buffer = new byte[8192];
                var read = await stream.ReadAsync(buffer);
                lock (requests)
                {
                    requests.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split(' ')[1]);
                }

                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{port}/stolen\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
        });

        var transport = new FlurlOAuthTransport(timeout: TimeSpan.FromSeconds(5));
        var response = await transport.SendAsync(OAuthHttpRequest.PostForm($"http://127.0.0.1:{port}/token", [new("code", "c"), new("code_verifier", "v")]));
        var parsed = OAuth2Flow.ReadAccessToken(response, DateTimeOffset.UnixEpoch);

        Assert.Equal(307, response.StatusCode);
        Assert.Equal(ErrorKind.Http, parsed.Kind);
        Assert.Equal(["/token"], requests);
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }
}
