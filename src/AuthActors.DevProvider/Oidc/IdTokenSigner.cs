using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Oidc;

/// <summary>
/// Signs id_token claims as a JWS (RFC 7515) with the client's algorithm, or produces one of the signature
/// faults of <see cref="DevIdTokenFault"/>. Tokens are made by <see cref="JsonWebTokenHandler"/>; only the
/// flipped signature and the unsigned <c>alg:none</c> token, which it will not make, are assembled by hand
/// from its base64url parts.
/// </summary>
internal static class IdTokenSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Sign(Dictionary<string, object> claims, string algorithm, SigningKeyRing keys, DevIdTokenFault fault) => fault switch
    {
        DevIdTokenFault.BadSignature => FlipSignatureByte(Create(claims, keys.Current(algorithm).Credentials)),
        DevIdTokenFault.AlgNone => Unsigned(Create(claims, keys.Current(algorithm).Credentials)),
        DevIdTokenFault.HmacWithPublicKey => Create(claims, HmacWithPublicKey(keys.Current(SigningKey.RS256))),
        DevIdTokenFault.UnknownKid => Create(claims, keys.Unpublished.Credentials),
        _ => Create(claims, keys.Current(algorithm).Credentials),
    };

    private static string Create(Dictionary<string, object> claims, SigningCredentials credentials) =>
        Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });

    /// <summary>RFC 8725 §2.1: HS256 keyed with the RSA key's public PEM text, under the RSA key's kid.</summary>
    private static SigningCredentials HmacWithPublicKey(SigningKey rsa) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(rsa.PublicPem!)) { KeyId = rsa.Kid }, SecurityAlgorithms.HmacSha256);

    /// <summary>The same header and payload with the first signature byte inverted in its lowest bit.</summary>
    private static string FlipSignatureByte(string jws)
    {
        var parts = jws.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>An Unsecured JWS (RFC 7515 Appendix A.5): header <c>{"alg":"none","typ":"JWT"}</c>, the same payload, an empty signature.</summary>
    private static string Unsigned(string jws)
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return $"{header}.{jws.Split('.')[1]}.";
    }
}
