using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Tests.Oidc;

/// <summary>Each <see cref="DevIdTokenFault"/> produces exactly the defect it names, for its client only.</summary>
public sealed class IdTokenFaultTests : OidcTest
{
    [Fact]
    public async Task BadSignature_fails_only_the_signature_check()
    {
        SetFault(DevIdTokenFault.BadSignature);
        var idToken = await IdTokenAsync();

        var result = await ValidateAsync(idToken);

        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
        Assert.Equal(Server.State.SigningKeyId("RS256"), (string?)Header(idToken)["kid"]);
        Assert.Equal(Nonce, (string?)Payload(idToken)["nonce"]);
    }

    [Fact]
    public async Task AlgNone_has_alg_none_and_an_empty_signature()
    {
        SetFault(DevIdTokenFault.AlgNone);
        var idToken = await IdTokenAsync();

        Assert.Equal("none", (string?)Header(idToken)["alg"]);
        Assert.EndsWith(".", idToken);
        Assert.Equal("dev-user-1", (string?)Payload(idToken)["sub"]);
        Assert.False((await ValidateAsync(idToken)).IsValid);
    }

    [Fact]
    public async Task HmacWithPublicKey_verifies_with_hmac_over_the_published_rsa_key_pem()
    {
        SetFault(DevIdTokenFault.HmacWithPublicKey, EsClient);
        var idToken = await IdTokenAsync(EsClient);
        var rsaJwk = Assert.Single((await JwksAsync()).Keys, k => k.Kty == "RSA");
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(rsaJwk.N), Exponent = Base64UrlEncoder.DecodeBytes(rsaJwk.E) });

        var parts = idToken.Split('.');
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));

        Assert.Equal("HS256", (string?)Header(idToken)["alg"]);
        Assert.Equal(rsaJwk.Kid, (string?)Header(idToken)["kid"]);
        Assert.Equal(Base64UrlEncoder.Encode(mac), parts[2]);
        Assert.False((await ValidateAsync(idToken, EsClient)).IsValid);
    }

    [Fact]
    public async Task UnknownKid_is_signed_under_a_kid_absent_from_the_jwks()
    {
        SetFault(DevIdTokenFault.UnknownKid);
        var idToken = await IdTokenAsync();
        var kids = (await JwksAsync()).Keys.Select(k => k.Kid).ToList();

        Assert.DoesNotContain((string?)Header(idToken)["kid"], kids);
        Assert.Equal("RS256", (string?)Header(idToken)["alg"]);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>((await ValidateAsync(idToken)).Exception);
    }

    [Fact]
    public async Task WrongIssuer_fails_the_issuer_check()
    {
        SetFault(DevIdTokenFault.WrongIssuer);
        var idToken = await IdTokenAsync();

        Assert.Equal(Server.Issuer + "/wrong-issuer", (string?)Payload(idToken)["iss"]);
        Assert.IsType<SecurityTokenInvalidIssuerException>((await ValidateAsync(idToken)).Exception);
    }

    [Fact]
    public async Task WrongAudience_fails_the_audience_check()
    {
        SetFault(DevIdTokenFault.WrongAudience);
        var idToken = await IdTokenAsync();

        Assert.Equal("another-client", (string?)Payload(idToken)["aud"]);
        Assert.IsType<SecurityTokenInvalidAudienceException>((await ValidateAsync(idToken)).Exception);
    }

    [Theory]
    [InlineData(DevIdTokenFault.MultipleAudiencesWithoutAzp, null)]
    [InlineData(DevIdTokenFault.MultipleAudiencesWithWrongAzp, "another-client")]
    public async Task Multiple_audiences_come_with_a_missing_or_wrong_azp(DevIdTokenFault fault, string? azp)
    {
        SetFault(fault);
        var idToken = await IdTokenAsync();
        var payload = Payload(idToken);

        Assert.Equal(["dev-client", "another-client"], payload["aud"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(azp, (string?)payload["azp"]);
        Assert.True((await ValidateAsync(idToken)).IsValid); // signature, issuer and audience are fine: only the azp rule (§3.1.3.7) catches it
    }

    [Fact]
    public async Task Expired_has_exp_and_iat_more_than_ten_minutes_ago()
    {
        SetFault(DevIdTokenFault.Expired);
        var idToken = await IdTokenAsync();
        var payload = Payload(idToken);
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();

        Assert.True((long)payload["exp"]! < now - 600);
        Assert.True((long)payload["iat"]! < now - 600);
        Assert.IsType<SecurityTokenExpiredException>((await ValidateAsync(idToken)).Exception);
    }

    [Fact]
    public async Task NotYetValid_has_nbf_ten_minutes_ahead()
    {
        SetFault(DevIdTokenFault.NotYetValid);
        var idToken = await IdTokenAsync();

        Assert.Equal(Clock.GetUtcNow().ToUnixTimeSeconds() + 600, (long)Payload(idToken)["nbf"]!);
        Assert.IsType<SecurityTokenNotYetValidException>((await ValidateAsync(idToken)).Exception);
    }

    [Theory]
    [InlineData(DevIdTokenFault.NonceWrong)]
    [InlineData(DevIdTokenFault.NonceMissing)]
    public async Task Nonce_faults_change_only_the_nonce(DevIdTokenFault fault)
    {
        SetFault(fault);
        var idToken = await IdTokenAsync();
        var nonce = (string?)Payload(idToken)["nonce"];

        Assert.NotEqual(Nonce, nonce);
        Assert.Equal(fault == DevIdTokenFault.NonceMissing, nonce is null);
        Assert.True((await ValidateAsync(idToken)).IsValid);
    }

    [Fact]
    public async Task AtHashWrong_does_not_match_the_access_token()
    {
        SetFault(DevIdTokenFault.AtHashWrong);
        var (tokens, _) = await OidcFlowAsync();
        var idToken = (string)tokens["id_token"]!;

        Assert.NotEqual(ExpectedAtHash((string)tokens["access_token"]!), (string?)Payload(idToken)["at_hash"]);
        Assert.NotNull((string?)Payload(idToken)["at_hash"]);
        Assert.True((await ValidateAsync(idToken)).IsValid);
    }

    [Theory]
    [InlineData(DevIdTokenFault.IssParameterWrong)]
    [InlineData(DevIdTokenFault.IssParameterMissing)]
    public async Task Iss_parameter_faults_show_on_the_callback_redirect(DevIdTokenFault fault)
    {
        SetFault(fault);
        var (tokens, authorize) = await OidcFlowAsync();

        var iss = authorize.LocationQuery.First("iss");
        Assert.Equal(fault == DevIdTokenFault.IssParameterWrong ? Server.Issuer + "/wrong-issuer" : null, iss);
        Assert.True((await ValidateAsync((string)tokens["id_token"]!)).IsValid);
    }

    [Theory]
    [InlineData(DevIdTokenFault.UserInfoSubjectMismatch)]
    [InlineData(DevIdTokenFault.UserInfoNoSubject)]
    public async Task UserInfo_faults_change_the_userinfo_sub(DevIdTokenFault fault)
    {
        SetFault(fault);
        var (tokens, _) = await OidcFlowAsync();

        var user = await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + (string)tokens["access_token"]!));

        Assert.Equal(200, user.Status);
        Assert.Equal(fault == DevIdTokenFault.UserInfoSubjectMismatch ? "dev-user-1-other" : null, (string?)user.Json["sub"]);
        Assert.Equal("dev-user-1", (string?)Payload((string)tokens["id_token"]!)["sub"]);
        Assert.Equal("devuser", (string?)user.Json["login"]);
    }

    [Fact]
    public async Task A_fault_applies_to_its_client_only_and_codes_stay_single_use()
    {
        SetFault(DevIdTokenFault.AlgNone, EsClient);
        var verifier = NewVerifier();
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, scope: "openid", clientId: EsClient));
        var code = authorize.LocationQuery.First("code")!;

        var first = await RedeemAsync(code, verifier, Basic(EsClient, EsSecret));
        var second = await RedeemAsync(code, verifier, Basic(EsClient, EsSecret));

        Assert.Equal("none", (string?)Header((string)first.Json["id_token"]!)["alg"]);
        Assert.Equal("invalid_grant", (string?)second.Json["error"]);
        Assert.True((await ValidateAsync(await IdTokenAsync())).IsValid);
    }
}
