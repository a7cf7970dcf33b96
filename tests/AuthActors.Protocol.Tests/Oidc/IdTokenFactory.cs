using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Tests.Oidc;

/// <summary>Signs id_tokens for the tests with Microsoft.IdentityModel, and forges the broken ones by hand.</summary>
internal sealed class IdTokenFactory
{
    public const string Issuer = "https://op.example";
    public const string ClientId = "client-1";
    public const string Nonce = "n-0S6_WzA2Mj";
    public const string AccessToken = "jHkWEdUXMU1BwAsC4vtUsZwnNSawH7Jbdpw2a3I5tco";
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public RsaSecurityKey Rsa { get; } = new(RSA.Create(2048)) { KeyId = "rsa-1" };
    public ECDsaSecurityKey Ec { get; } = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-1" };

    public JsonWebKeySet Jwks()
    {
        var set = new JsonWebKeySet();
        set.Keys.Add(Public(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Rsa.Rsa.ExportParameters(false)) { KeyId = Rsa.KeyId })));
        set.Keys.Add(Public(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(Ec.ECDsa.ExportParameters(false))) { KeyId = Ec.KeyId })));
        return set;
    }

    /// <summary>The standard claims of a valid token; tests change one of them.</summary>
    public static Dictionary<string, object> Claims() => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "user-42",
        ["aud"] = ClientId,
        ["exp"] = (Now + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["nonce"] = Nonce,
        ["at_hash"] = AtHash(AccessToken),
        ["email"] = "user@example.test",
    };

    public string Sign(IDictionary<string, object> claims, SecurityKey? key = null, string? alg = null)
    {
        key ??= Rsa;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, alg ?? (key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256)),
        });
    }

    public string Valid() => Sign(Claims());

    /// <summary>An unsigned token: header <c>{"alg":"none"}</c>, empty signature.</summary>
    public static string AlgNone(IDictionary<string, object> claims) =>
        Segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Segment(Json(claims)) + ".";

    /// <summary>HS256 keyed with the RSA public key's PEM: the classic key-confusion forgery.</summary>
    public string HmacWithPublicKey(IDictionary<string, object> claims)
    {
        var signingInput = Segment("{\"alg\":\"HS256\",\"kid\":\"" + Rsa.KeyId + "\",\"typ\":\"JWT\"}") + "." + Segment(Json(claims));
        var pem = Encoding.ASCII.GetBytes(Rsa.Rsa.ExportSubjectPublicKeyInfoPem());
        return signingInput + "." + Base64Url.Encode(HMACSHA256.HashData(pem, Encoding.ASCII.GetBytes(signingInput)));
    }

    public static string AtHash(string accessToken) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16));

    private static JsonWebKey Public(JsonWebKey key)
    {
        key.Use = "sig";
        return key;
    }

    private static string Json(IDictionary<string, object> claims) => System.Text.Json.JsonSerializer.Serialize(claims);

    private static string Segment(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));
}
