using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Oidc;

/// <summary>
/// One id_token signing key: the private key for signing, its public JWK (RFC 7517) for the JWKS, and (RSA
/// only) its public key PEM, which <see cref="DevIdTokenFault.HmacWithPublicKey"/> misuses as an HMAC secret.
/// The <c>kid</c> is the RFC 7638 thumbprint of the public key, with an optional prefix.
/// </summary>
internal sealed record SigningKey(string Algorithm, SecurityKey Key, JsonWebKey PublicJwk, string? PublicPem)
{
    public const string RS256 = SecurityAlgorithms.RsaSha256;
    public const string ES256 = SecurityAlgorithms.EcdsaSha256;

    public string Kid => Key.KeyId;

    public SigningCredentials Credentials => new(Key, Algorithm);

    /// <summary>An RS256 key: <paramref name="rsa"/>, or a new RSA 2048 key.</summary>
    public static SigningKey Rsa(RSA? rsa = null, string kidPrefix = "")
    {
        rsa ??= RSA.Create(2048);
        if (rsa.KeySize < 2048)
        {
            throw new ArgumentException("The RSA signing key must have at least 2048 bits.", nameof(rsa));
        }

        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        return Create(RS256, new RsaSecurityKey(rsa), jwk, rsa.ExportSubjectPublicKeyInfoPem(), kidPrefix);
    }

    /// <summary>An ES256 key: <paramref name="ecdsa"/>, or a new P-256 key.</summary>
    public static SigningKey Ec(ECDsa? ecdsa = null)
    {
        ecdsa ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (ecdsa.KeySize != 256)
        {
            throw new ArgumentException("The EC signing key must be on curve P-256.", nameof(ecdsa));
        }

        // Convert a public-only copy: converting the private key would put "d" into the JWKS.
        using var publicOnly = ECDsa.Create(ecdsa.ExportParameters(false));
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicOnly));
        return Create(ES256, new ECDsaSecurityKey(ecdsa), jwk, null, string.Empty);
    }

    private static SigningKey Create(string algorithm, SecurityKey key, JsonWebKey jwk, string? pem, string kidPrefix)
    {
        var kid = kidPrefix + Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        key.KeyId = kid;
        jwk.Kid = kid;
        jwk.Use = JsonWebKeyUseNames.Sig;
        jwk.Alg = algorithm;
        return new SigningKey(algorithm, key, jwk, pem);
    }
}
