using System.Security.Cryptography;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Tests.Client;

/// <summary>
/// Whatever ends up in a log line via ToString (tokens, credentials, options, requests, responses,
/// errors) never contains a secret or token value.
/// </summary>
public sealed class SecretHygieneTests
{
    private const string Secret = "S3CRET-VALUE";

    public static TheoryData<string, object> Printables()
    {
        using var rsa = RSA.Create(1024);
        var rsaCopy = RSA.Create();
        rsaCopy.ImportParameters(rsa.ExportParameters(true));
        var tokenResponse = TokenResponseParser.Parse(OAuthHttpResponse.Json(200,
            $"{{\"access_token\":\"{Secret}-at\",\"token_type\":\"Bearer\",\"refresh_token\":\"{Secret}-rt\",\"id_token\":\"{Secret}-id\"}}"), FixedTimeProvider.Default);
        var oauth1Response = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200, $"oauth_token={Secret}-t&oauth_token_secret={Secret}-s"), false);
        return new()
        {
            { "OAuth2Token", new OAuth2Token(Secret + "-at", "Bearer") { RefreshToken = Secret + "-rt", IdToken = Secret + "-id", Extra = new Dictionary<string, string> { ["x"] = Secret } } },
            { "OAuth1Token", new OAuth1Token(Secret + "-t", Secret + "-s") },
            { "OAuth2TokenResponse", tokenResponse },
            { "OAuth1TokenResponse", oauth1Response },
            { "IntrospectionResponse", Introspection.Parse(OAuthHttpResponse.Json(200, $"{{\"active\":true,\"token\":\"{Secret}\"}}")) },
            { "OAuth1Credentials", new OAuth1Credentials("ck", Secret + "-cs") { Token = Secret + "-t", TokenSecret = Secret + "-ts", RsaPrivateKey = rsaCopy } },
            { "OAuthClientOptions", new OAuthClientOptions { ClientId = "id", ClientSecret = Secret, AccessTokenUrl = "https://a/t", AuthorizeUrl = "https://a/a" } },
            { "OAuthClientKwargs", new OAuthClientKwargs { SigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Secret + Secret + Secret)) } },
            { "OAuth2ProviderDefinition", new OAuth2ProviderDefinition("p", "id", Secret, "https://a/a", "https://a/t") },
            { "OAuth1ProviderDefinition", new OAuth1ProviderDefinition("p", "id", Secret, "https://a/r", "https://a/a", "https://a/t") },
            { "ClientAuthentication", new ClientAuthentication("client_secret_post", "id", Secret) },
            { "AuthorizationStart", new AuthorizationStart("https://a/a?state=s", "s", Secret + "-verifier", Secret + "-nonce") },
            { "AuthorizeRedirect", new AuthorizeRedirect("https://a/a?oauth_token=rt", null) { CodeVerifier = Secret, Nonce = Secret, RequestToken = new OAuth1Token("rt", Secret) } },
            { "OAuthHttpRequest", OAuthHttpRequest.PostForm($"https://api/x?access_token={Secret}", Params.Of(("client_secret", Secret))).WithHeader("Authorization", "Bearer " + Secret) },
            { "OAuthHttpResponse", OAuthHttpResponse.Json(200, $"{{\"access_token\":\"{Secret}\"}}") },
            { "AuthorizationCallback", AuthorizationCallback.Validate(Params.Of(("code", Secret), ("state", "s")), "s") },
        };
    }

    [Theory]
    [MemberData(nameof(Printables))]
    public void ToString_never_contains_a_secret(string kind, object value)
    {
        var text = value.ToString()!;

        Assert.False(text.Contains(Secret, StringComparison.Ordinal), $"{kind}: {text}");
        Assert.NotEmpty(text);
    }

    [Fact]
    public void Masked_token_still_says_what_it_is()
    {
        var text = new OAuth2Token("at", "Bearer") { RefreshToken = "rt", Scope = "read" }.ToString();

        Assert.Contains("AccessToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("RefreshToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("Scope = read", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exceptions_from_the_client_carry_no_secret()
    {
        var transport = new CapturingTransport(OAuthHttpResponse.Json(400, "{\"error\":\"invalid_grant\"}"));
        var client = new OAuthClient(ClientFactory.OAuth2Options() with { ClientSecret = Secret }, transport, new FixedTimeProvider(), new CounterRandomSource());

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.FetchAccessTokenAsync("https://app/cb",
            Params.Of(("code", Secret + "-code"), ("state", "s")), expectedState: "s", codeVerifier: Secret + "-verifier"));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
