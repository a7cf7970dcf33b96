using System.Security.Cryptography;
using AuthActors.Protocol.Oidc;
using Microsoft.IdentityModel.Tokens;
using F = AuthActors.Protocol.Tests.Oidc.IdTokenFactory;

namespace AuthActors.Protocol.Tests.Oidc;

/// <summary>OpenID Connect Core §3.1.3.7: one negative test per rule, and the positive cases around each.</summary>
public sealed class IdTokenValidatorTests
{
    private readonly F _f = new();

    private IdTokenValidationParameters Parameters() => new(F.Issuer, F.ClientId, _f.Jwks(), F.Now) { Nonce = F.Nonce, AccessToken = F.AccessToken };

    private Task<IdTokenValidationResult> Validate(string? token, IdTokenValidationParameters? p = null) => IdTokenValidator.ValidateAsync(token, p ?? Parameters());

    private Task<IdTokenValidationResult> ValidateClaims(Action<Dictionary<string, object>> change, SecurityKey? key = null)
    {
        var claims = F.Claims();
        change(claims);
        return Validate(_f.Sign(claims, key));
    }

    [Fact]
    public async Task A_valid_RS256_token_gives_its_issuer_subject_and_claims()
    {
        var result = await Validate(_f.Valid());
        Assert.True(result.IsValid, result.Description);
        Assert.Equal((F.Issuer, "user-42"), (result.Issuer, result.Subject));
        Assert.Contains(new KeyValuePair<string, string>("email", "user@example.test"), result.Claims);
    }

    [Fact]
    public async Task A_valid_ES256_token_is_accepted()
    {
        var result = await Validate(_f.Sign(F.Claims(), _f.Ec));
        Assert.True(result.IsValid, result.Description);
    }

    [Fact]
    public async Task A_missing_token_is_refused()
    {
        Assert.Equal(IdTokenError.Missing, (await Validate(null)).Error);
        Assert.Equal(IdTokenError.Missing, (await Validate("")).Error);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("e30.e30.e30.e30.e30.e30")]
    [InlineData("!!!.???.###")]
    public async Task A_malformed_token_is_refused_without_throwing(string token) =>
        Assert.Equal(IdTokenError.Malformed, (await Validate(token)).Error);

    [Fact]
    public async Task A_token_with_a_flipped_signature_byte_is_refused()
    {
        var token = _f.Valid();
        var signature = token[(token.LastIndexOf('.') + 1)..].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var result = await Validate(token[..(token.LastIndexOf('.') + 1)] + new string(signature));
        Assert.Equal(IdTokenError.InvalidSignature, result.Error);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_known_kid_is_refused()
    {
        var impostor = new RsaSecurityKey(RSA.Create(2048)) { KeyId = _f.Rsa.KeyId };
        Assert.Equal(IdTokenError.InvalidSignature, (await Validate(_f.Sign(F.Claims(), impostor))).Error);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var result = await Validate(F.AlgNone(F.Claims()));
        Assert.Equal(IdTokenError.AlgorithmNotAllowed, result.Error);
    }

    [Fact]
    public async Task An_HMAC_token_keyed_with_the_public_key_is_refused()
    {
        var result = await Validate(_f.HmacWithPublicKey(F.Claims()));
        Assert.Equal(IdTokenError.AlgorithmNotAllowed, result.Error);
    }

    [Fact]
    public async Task An_algorithm_outside_the_allow_list_is_refused()
    {
        var result = await Validate(_f.Valid(), Parameters() with { Algorithms = ["ES256"] });
        Assert.Equal(IdTokenError.AlgorithmNotAllowed, result.Error);
    }

    [Fact]
    public async Task An_unknown_kid_is_reported_so_the_caller_can_refetch_the_keys()
    {
        var rotated = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-2" };
        Assert.Equal(IdTokenError.UnknownKey, (await Validate(_f.Sign(F.Claims(), rotated))).Error);
    }

    [Fact]
    public async Task A_wrong_issuer_is_refused() =>
        Assert.Equal(IdTokenError.IssuerMismatch, (await ValidateClaims(c => c["iss"] = "https://evil.example")).Error);

    [Fact]
    public async Task A_missing_issuer_is_refused() =>
        Assert.Equal(IdTokenError.IssuerMismatch, (await ValidateClaims(c => c.Remove("iss"))).Error);

    [Fact]
    public async Task A_wrong_audience_is_refused() =>
        Assert.Equal(IdTokenError.AudienceMismatch, (await ValidateClaims(c => c["aud"] = "another-client")).Error);

    [Fact]
    public async Task Several_audiences_without_azp_are_refused() =>
        Assert.Equal(IdTokenError.MissingAuthorizedParty, (await ValidateClaims(c => c["aud"] = new[] { F.ClientId, "another-client" })).Error);

    [Fact]
    public async Task Several_audiences_with_azp_naming_this_client_are_accepted()
    {
        var result = await ValidateClaims(c => { c["aud"] = new[] { F.ClientId, "another-client" }; c["azp"] = F.ClientId; });
        Assert.True(result.IsValid, result.Description);
    }

    [Fact]
    public async Task An_azp_naming_another_client_is_refused() =>
        Assert.Equal(IdTokenError.AuthorizedPartyMismatch, (await ValidateClaims(c => { c["aud"] = new[] { F.ClientId, "x" }; c["azp"] = "x"; })).Error);

    [Fact]
    public async Task An_expired_token_is_refused_beyond_the_leeway()
    {
        Assert.Equal(IdTokenError.Expired, (await ValidateClaims(c => c["exp"] = (F.Now - TimeSpan.FromMinutes(6)).ToUnixTimeSeconds())).Error);
        Assert.True((await ValidateClaims(c => c["exp"] = (F.Now - TimeSpan.FromMinutes(4)).ToUnixTimeSeconds())).IsValid);
    }

    [Fact]
    public async Task The_leeway_is_configurable()
    {
        var claims = F.Claims();
        claims["exp"] = (F.Now - TimeSpan.FromSeconds(30)).ToUnixTimeSeconds();
        Assert.Equal(IdTokenError.Expired, (await Validate(_f.Sign(claims), Parameters() with { ClockSkew = TimeSpan.FromSeconds(10) })).Error);
    }

    [Fact]
    public async Task A_token_before_its_nbf_is_refused() =>
        Assert.Equal(IdTokenError.NotYetValid, (await ValidateClaims(c => c["nbf"] = (F.Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds())).Error);

    [Fact]
    public async Task A_token_issued_in_the_future_is_refused() =>
        Assert.Equal(IdTokenError.IssuedInFuture, (await ValidateClaims(c => c["iat"] = (F.Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds())).Error);

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("sub")]
    public async Task A_token_without_a_required_claim_is_refused(string claim) =>
        Assert.Equal(IdTokenError.MissingClaim, (await ValidateClaims(c => c.Remove(claim))).Error);

    [Fact]
    public async Task A_token_without_the_nonce_that_was_sent_is_refused() =>
        Assert.Equal(IdTokenError.NonceMissing, (await ValidateClaims(c => c.Remove("nonce"))).Error);

    [Fact]
    public async Task A_token_with_another_logins_nonce_is_refused() =>
        Assert.Equal(IdTokenError.NonceMismatch, (await ValidateClaims(c => c["nonce"] = "n-replayed")).Error);

    [Fact]
    public async Task A_wrong_at_hash_is_refused() =>
        Assert.Equal(IdTokenError.AccessTokenHashMismatch, (await ValidateClaims(c => c["at_hash"] = F.AtHash("another-access-token"))).Error);

    [Fact]
    public async Task A_token_without_at_hash_is_accepted_as_the_code_flow_allows() =>
        Assert.True((await ValidateClaims(c => c.Remove("at_hash"))).IsValid);

    [Fact]
    public void The_at_hash_is_the_left_half_of_the_hash_of_the_access_token()
    {
        Assert.Equal(F.AtHash(F.AccessToken), IdTokenValidator.AccessTokenHash(F.AccessToken, "RS256"));
        Assert.Equal(32, IdTokenValidator.AccessTokenHash(F.AccessToken, "ES384").Length);
    }

    [Fact]
    public async Task An_Entra_templated_issuer_is_resolved_with_the_tokens_tenant()
    {
        const string template = "https://login.microsoftonline.com/{tenantid}/v2.0";
        var p = Parameters() with { Issuer = template };
        var claims = F.Claims();
        claims["tid"] = "9188040d-6c67-4c5b-b112-36a304b66dad";
        claims["iss"] = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
        Assert.True((await Validate(_f.Sign(claims), p)).IsValid);
        claims["iss"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0";
        Assert.Equal(IdTokenError.IssuerMismatch, (await Validate(_f.Sign(claims), p)).Error);
    }

    [Fact]
    public void The_allow_list_never_takes_none_or_HMAC_from_metadata()
    {
        var list = IdTokenAlgorithms.AllowList(null, ["none", "HS256", "RS256", "ES256"]);
        Assert.Equal(["RS256", "ES256"], list);
        Assert.Equal(IdTokenAlgorithms.DefaultAsymmetric, IdTokenAlgorithms.AllowList(null, ["HS256"]));
        Assert.Equal(["RS256"], IdTokenAlgorithms.AllowList(["none", "RS256"], null));
    }

    [Fact]
    public void Parameters_never_print_the_nonce_or_the_access_token()
    {
        var text = Parameters().ToString();
        Assert.DoesNotContain(F.Nonce, text, StringComparison.Ordinal);
        Assert.DoesNotContain(F.AccessToken, text, StringComparison.Ordinal);
    }
}
