using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.OAuth1.Rfc5849;

/// <summary>
/// The signature methods of RFC 5849 §3.4.2–3.4.4 (plus the SHA-256 variants): pure functions from a
/// base string and secrets to <c>oauth_signature</c>, and their verification.
/// </summary>
public static class Signatures
{
    /// <summary>
    /// The HMAC and PLAINTEXT key (§3.4.2, §3.4.4): the encoded client secret, <c>&amp;</c>, and the encoded
    /// token secret. The <c>&amp;</c> is present even when the token secret is empty.
    /// </summary>
    public static string Key(string clientSecret, string? tokenSecret) =>
        PercentEncoding.Encode(clientSecret ?? string.Empty) + "&" + PercentEncoding.Encode(tokenSecret ?? string.Empty);

    /// <summary>Computes <c>oauth_signature</c> for <paramref name="baseString"/>.</summary>
    /// <param name="method">The signature method.</param>
    /// <param name="baseString">The signature base string (unused by PLAINTEXT).</param>
    /// <param name="clientSecret">The client shared-secret (HMAC and PLAINTEXT).</param>
    /// <param name="tokenSecret">The token shared-secret, or <c>null</c>/empty when there is no token.</param>
    /// <param name="rsaPrivateKey">The client's RSA private key (RSA methods only).</param>
    public static string Sign(OAuth1SignatureMethod method, string baseString, string clientSecret, string? tokenSecret, RSA? rsaPrivateKey = null)
    {
        ArgumentNullException.ThrowIfNull(baseString);
        var data = Encoding.ASCII.GetBytes(baseString);
        return method switch
        {
            OAuth1SignatureMethod.HmacSha1 => Convert.ToBase64String(HMACSHA1.HashData(Encoding.ASCII.GetBytes(Key(clientSecret, tokenSecret)), data)),
            OAuth1SignatureMethod.HmacSha256 => Convert.ToBase64String(HMACSHA256.HashData(Encoding.ASCII.GetBytes(Key(clientSecret, tokenSecret)), data)),
            OAuth1SignatureMethod.RsaSha1 => Convert.ToBase64String(RequireKey(rsaPrivateKey).SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)),
            OAuth1SignatureMethod.RsaSha256 => Convert.ToBase64String(RequireKey(rsaPrivateKey).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            OAuth1SignatureMethod.Plaintext => Key(clientSecret, tokenSecret),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown OAuth 1 signature method."),
        };
    }

    /// <summary>
    /// Verifies a received <c>oauth_signature</c> (§3.2): recomputes it and compares in constant time, or,
    /// for RSA, checks it with the client's public key. Never throws for a malformed signature.
    /// </summary>
    public static bool Verify(OAuth1SignatureMethod method, string baseString, string signature, string clientSecret, string? tokenSecret, RSA? rsaPublicKey = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        switch (method)
        {
            case OAuth1SignatureMethod.RsaSha1:
            case OAuth1SignatureMethod.RsaSha256:
                if (rsaPublicKey is null)
                {
                    return false;
                }

                var bytes = new byte[signature.Length];
                if (!Convert.TryFromBase64String(signature, bytes, out var written))
                {
                    return false;
                }

                var hash = method == OAuth1SignatureMethod.RsaSha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
                return rsaPublicKey.VerifyData(Encoding.ASCII.GetBytes(baseString), bytes.AsSpan(0, written), hash, RSASignaturePadding.Pkcs1);
            default:
                return ConstantTime.Equals(Sign(method, baseString, clientSecret, tokenSecret), signature);
        }
    }

    /// <summary>
    /// The <c>oauth_body_hash</c> of a non-form body (OAuth Request Body Hash, §3.1): the Base64 of the
    /// body's SHA-1 (SHA-256 for the SHA-256 methods) digest.
    /// </summary>
    public static string BodyHash(OAuth1SignatureMethod method, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        return method is OAuth1SignatureMethod.HmacSha256 or OAuth1SignatureMethod.RsaSha256
            ? Convert.ToBase64String(SHA256.HashData(bytes))
            : Convert.ToBase64String(SHA1.HashData(bytes));
    }

    private static RSA RequireKey(RSA? key) =>
        key ?? throw new InvalidOperationException("An RSA signature method needs the client's RSA private key.");
}
