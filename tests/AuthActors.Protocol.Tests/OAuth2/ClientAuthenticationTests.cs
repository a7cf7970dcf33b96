using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Tests.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>Client authentication at the token endpoint as it appears on the wire (RFC 6749 §2.3, RFC 7523).</summary>
public sealed class ClientAuthenticationTests
{
    private const string Endpoint = "https://idp.example.com/oauth2/token";
    private static readonly DateTimeOffset Now = FixedTimeProvider.Default;

    private static OAuthHttpRequest Apply(ClientAuthentication auth) =>
        auth.Apply(OAuthHttpRequest.PostForm(Endpoint, Params.Of(("grant_type", "client_credentials"))), Endpoint, Now, "jti-1");

    [Fact]
    public void Basic_encodes_id_and_secret_with_form_encoding_before_base64()
    {
        var request = Apply(new ClientAuthentication("client_secret_basic", "my client~1", "p@ss w+rd/\u00e9"));

        // By hand: application/x-www-form-urlencoded keeps * - . _ and alphanumerics, sends space as '+' and
        // everything else as %XX of its UTF-8 bytes, so "my client~1" -> "my+client%7E1" and
        // "p@ss w+rd/é" -> "p%40ss+w%2Brd%2F%C3%A9"; base64 of "my+client%7E1:p%40ss+w%2Brd%2F%C3%A9" is:
        Assert.Equal("Basic bXkrY2xpZW50JTdFMTpwJTQwc3MrdyUyQnJkJTJGJUMzJUE5", request.Header("Authorization"));
        Assert.Null(request.Form!.First("client_id"));
        Assert.Null(request.Form!.First("client_secret"));
    }

    [Theory]
    [InlineData("7Fjfp0ZBr1KtDRbnfVdmIw", "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3")] // RFC 6749 §2.3.1
    [InlineData("gX1fBat3bV", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW")] // RFC 6749 §4.1.3
    public void Basic_matches_the_rfc_6749_examples(string secret, string expected)
    {
        Assert.Equal(expected, Apply(new ClientAuthentication("client_secret_basic", "s6BhdRkqt3", secret)).Header("Authorization"));
    }

    [Fact]
    public void Post_puts_id_and_secret_in_the_form_and_sends_no_authorization_header()
    {
        var request = Apply(new ClientAuthentication("client_secret_post", "app", "s3cr3t"));

        Assert.Null(request.Header("Authorization"));
        Assert.Equal(Params.Of(("grant_type", "client_credentials"), ("client_id", "app"), ("client_secret", "s3cr3t")), request.Form);
    }

    [Fact]
    public void None_sends_only_the_client_id()
    {
        var request = Apply(new ClientAuthentication("none", "public-app", null));

        Assert.Null(request.Header("Authorization"));
        Assert.Equal(Params.Of(("grant_type", "client_credentials"), ("client_id", "public-app")), request.Form);
    }

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    [InlineData("client_secret_jwt")]
    public void Secret_methods_without_a_secret_are_a_clear_error(string method)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Apply(new ClientAuthentication(method, "app", null)));

        Assert.Contains(method, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_method_is_a_clear_error_listing_the_supported_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Apply(new ClientAuthentication("tls_client_auth", "app", "s")));

        Assert.Contains("tls_client_auth", error.Message, StringComparison.Ordinal);
        foreach (var supported in ClientAuthentication.SupportedMethods)
        {
            Assert.Contains(supported, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_secret_jwt_sends_an_hs256_assertion_that_validates_with_the_secret()
    {
        const string secret = "a-client-secret-of-at-least-32-bytes!";
        var request = Apply(new ClientAuthentication("client_secret_jwt", "app", secret));

        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Form!.First("client_secret"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", request.Form!.First("client_assertion_type"));
        var assertion = request.Form!.First("client_assertion")!;
        var token = await ValidateAsync(assertion, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal("HS256", token.Alg);
        var wrongKey = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, Parameters(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret + "x"))));
        Assert.False(wrongKey.IsValid);
    }

    [Fact]
    public async Task Private_key_jwt_sends_an_rs256_assertion_that_validates_with_the_public_key()
    {
        using var rsa = RSA.Create(2048);
        var request = Apply(new ClientAuthentication("private_key_jwt", "app", null) { SigningKey = new RsaSecurityKey(rsa) { KeyId = "k1" } });

        using var publicRsa = TestKeys.PublicOnly(rsa);
        var token = await ValidateAsync(request.Form!.First("client_assertion")!, new RsaSecurityKey(publicRsa));
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("k1", token.Kid);
        Assert.Equal("app", request.Form!.First("client_id"));
    }

    [Fact]
    public async Task Private_key_jwt_with_an_ec_key_signs_es256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Apply(new ClientAuthentication("private_key_jwt", "app", null) { SigningKey = new ECDsaSecurityKey(ec) });

        var token = await ValidateAsync(request.Form!.First("client_assertion")!, new ECDsaSecurityKey(ec));
        Assert.Equal("ES256", token.Alg);
    }

    [Fact]
    public void Private_key_jwt_without_a_key_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Apply(new ClientAuthentication("private_key_jwt", "app", null)));

        Assert.Contains("signing key", error.Message, StringComparison.Ordinal);
    }

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "app",
        ValidAudience = Endpoint,
        IssuerSigningKey = key,
        // The assertion is dated by the fixed clock (2024), so lifetime is checked below against that clock.
        ValidateLifetime = false,
    };

    /// <summary>Validates signature, iss and aud, then the claims RFC 7523 §3 requires, against the fixed clock.</summary>
    private static async Task<JsonWebToken> ValidateAsync(string assertion, SecurityKey key)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, Parameters(key));
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("app", token.Issuer);
        Assert.Equal("app", token.Subject);
        Assert.Equal([Endpoint], token.Audiences);
        Assert.Equal("jti-1", token.Id);
        Assert.Equal(Now.ToUnixTimeSeconds(), token.GetPayloadValue<long>("iat"));
        Assert.Equal(Now.AddMinutes(5).ToUnixTimeSeconds(), token.GetPayloadValue<long>("exp"));
        return token;
    }
}
