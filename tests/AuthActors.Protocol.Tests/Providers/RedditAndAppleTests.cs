using System.Security.Cryptography;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Compliance.Fixes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Providers.Apple;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Tests.Providers;

/// <summary>
/// Reddit's User-Agent fix (https://github.com/reddit-archive/reddit/wiki/API#rules: a unique, descriptive
/// User-Agent on every request) and Sign in with Apple's client secret
/// (https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret).
/// </summary>
public sealed class RedditAndAppleTests
{
    public static TheoryData<ComplianceHookPoint> RedditPoints() => new(
        ComplianceHookPoint.AccessTokenRequest, ComplianceHookPoint.RefreshTokenRequest, ComplianceHookPoint.RevokeTokenRequest, ComplianceHookPoint.ProtectedRequest);

    [Theory]
    [MemberData(nameof(RedditPoints))]
    public void Reddit_preset_sends_a_user_agent_on_token_and_api_requests(ComplianceHookPoint point)
    {
        var hooks = ProviderPresets.Create("reddit", "reddit", "id", "s").CreateHooks();

        var sent = hooks.Apply(point, OAuthHttpRequest.Create("POST", "https://www.reddit.com/api/v1/access_token"));

        Assert.Equal(RedditComplianceFix.DefaultUserAgent, sent.Header("User-Agent"));
        Assert.Single(sent.Headers, h => h.Key == "User-Agent");
    }

    [Fact]
    public void Reddit_fix_keeps_a_user_agent_the_caller_set_and_can_name_the_app()
    {
        var shipped = ComplianceHooks.From(ComplianceFixes.Get("reddit"));
        var custom = ComplianceHooks.From(RedditComplianceFix.WithUserAgent("web:com.example.app:1.2 (by /u/me)"));
        var request = OAuthHttpRequest.Create("GET", "https://oauth.reddit.com/api/v1/me");

        Assert.Equal("mine/1.0", shipped.Apply(ComplianceHookPoint.ProtectedRequest, request.WithHeader("User-Agent", "mine/1.0")).Header("User-Agent"));
        Assert.Equal("web:com.example.app:1.2 (by /u/me)", custom.Apply(ComplianceHookPoint.ProtectedRequest, request).Header("User-Agent"));
        Assert.Equal(0, shipped.Count(ComplianceHookPoint.AccessTokenResponse));
        Assert.Throws<ArgumentException>(() => RedditComplianceFix.WithUserAgent(" "));
    }

    [Fact]
    public async Task Apple_client_secret_is_an_es256_jwt_with_apples_claims_verifiable_with_the_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var secret = AppleClientSecret.Create("TEAM123456", "KEY1234567", "com.example.web", pem, now.AddMilliseconds(750), TimeSpan.FromDays(180));

        var jwt = new JsonWebToken(secret);
        Assert.Equal(("ES256", "KEY1234567"), (jwt.Alg, jwt.Kid));
        Assert.Equal("TEAM123456", jwt.Issuer);
        Assert.Equal(["https://appleid.apple.com"], jwt.Audiences);
        Assert.Equal("com.example.web", jwt.Subject);
        Assert.Equal(now.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(now.AddDays(180).ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));
        Assert.False(jwt.TryGetPayloadValue<long>("nbf", out _));

        using var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        var verified = await new JsonWebTokenHandler().ValidateTokenAsync(secret, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(publicKey),
            ValidIssuer = "TEAM123456",
            ValidAudience = AppleClientSecret.Audience,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(verified.IsValid, verified.Exception?.Message);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = await new JsonWebTokenHandler().ValidateTokenAsync(secret, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(otherKey), ValidIssuer = "TEAM123456", ValidAudience = AppleClientSecret.Audience, ValidateLifetime = false,
        });
        Assert.False(forged.IsValid);
    }

    [Fact]
    public void Apple_client_secret_refuses_lifetimes_beyond_six_months_and_keys_other_than_p256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var now = DateTimeOffset.UnixEpoch;

        Assert.Throws<ArgumentOutOfRangeException>(() => AppleClientSecret.Create("T", "K", "C", key, now, AppleClientSecret.MaxLifetime + TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AppleClientSecret.Create("T", "K", "C", key, now, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => AppleClientSecret.Create("T", "K", "C", p384, now, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => AppleClientSecret.Create("", "K", "C", key, now, TimeSpan.FromDays(1)));
        Assert.NotEmpty(AppleClientSecret.Create("T", "K", "C", key, now, AppleClientSecret.MaxLifetime));
    }
}
