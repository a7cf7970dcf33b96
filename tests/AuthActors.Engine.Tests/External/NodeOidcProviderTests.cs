using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol;
using AuthActors.Protocol.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit.Abstractions;

namespace AuthActors.Engine.Tests.External;

/// <summary>One oidc-provider (node) for the whole class.</summary>
public sealed class NodeOidcProviderFixture : IAsyncLifetime
{
    public NodeOidcProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await NodeOidcProvider.StartAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// Proves the oidc-provider harness with what Protocol has today: OAuthClient builds the authorization request,
/// the harness plays the browser, OAuthClient redeems the code, and the ID token is what OpenID Connect says.
/// </summary>
public sealed class NodeOidcProviderTests(NodeOidcProviderFixture fx, ITestOutputHelper output) : IClassFixture<NodeOidcProviderFixture>
{
    private NodeOidcProvider Provider => fx.Provider;

    [Fact]
    public async Task An_authorization_code_login_with_PKCE_returns_an_id_token_for_alice_with_the_nonce()
    {
        output.WriteLine($"oidc-provider at {Provider.Issuer}, started in {Provider.Startup.TotalMilliseconds:F0} ms");
        var client = new OAuthClient(Provider.Options("openid profile email"));
        var redirect = await client.GenerateAuthorizeRedirectAsync(Provider.RedirectUri);
        Assert.NotNull(redirect.Nonce);
        Assert.NotNull(redirect.CodeVerifier);
        Assert.Contains("code_challenge_method=S256", redirect.Url, StringComparison.Ordinal);

        var callback = await Provider.AuthorizeAsync(redirect.Url);
        Assert.Equal(Provider.Issuer, callback.Single(p => p.Key == "iss").Value); // RFC 9207
        Assert.Equal(redirect.State, callback.Single(p => p.Key == "state").Value);
        Assert.Contains(callback, p => p.Key == "code");

        var token = Assert.IsType<OAuth2Token>(await client.FetchAccessTokenAsync(Provider.RedirectUri, callback, expectedState: redirect.State, codeVerifier: redirect.CodeVerifier));
        Assert.True(token.IsBearer);
        Assert.NotNull(token.IdToken);
        var idToken = new JsonWebToken(token.IdToken);
        Assert.Equal("RS256", idToken.Alg);
        Assert.Equal(Provider.Issuer, idToken.Issuer);
        Assert.Equal(["authactors"], idToken.Audiences);
        Assert.Equal("alice", idToken.Subject);
        Assert.Equal(redirect.Nonce, idToken.GetClaim("nonce").Value);
        Assert.NotNull(token.RefreshToken);
    }

    [Fact]
    public async Task The_provider_refuses_a_code_without_the_PKCE_verifier()
    {
        var client = new OAuthClient(Provider.Options());
        var redirect = await client.GenerateAuthorizeRedirectAsync(Provider.RedirectUri);
        var callback = await Provider.AuthorizeAsync(redirect.Url);
        var ex = await Assert.ThrowsAsync<Protocol.Client.OAuthException>(() =>
            client.FetchAccessTokenAsync(Provider.RedirectUri, callback, expectedState: redirect.State, codeVerifier: new string('x', 43)));
        Assert.Equal("invalid_grant", ex.Error.Code);
    }
}
