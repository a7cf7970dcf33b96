using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.OAuth2.Rfc7636;

/// <summary>Proof Key for Code Exchange (RFC 7636).</summary>
public static class Pkce
{
    /// <summary>The shortest verifier allowed (§4.1).</summary>
    public const int MinVerifierLength = 43;

    /// <summary>The longest verifier allowed (§4.1).</summary>
    public const int MaxVerifierLength = 128;

    /// <summary>
    /// A new verifier: 32 random bytes as base64url, 43 characters (256 bits), as §4.1 recommends.
    /// </summary>
    public static string CreateVerifier(IRandomSource random) => RandomTokens.UrlSafe(random, 32);

    /// <summary>
    /// The <c>S256</c> challenge (§4.2): <c>BASE64URL(SHA256(ASCII(code_verifier)))</c>.
    /// </summary>
    /// <example>
    /// Appendix B: <c>dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk</c> gives
    /// <c>E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM</c>.
    /// </example>
    public static string S256Challenge(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>
    /// True when <paramref name="verifier"/> has 43 to 128 characters from
    /// <c>[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"</c> (§4.1).
    /// </summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= MinVerifierLength and <= MaxVerifierLength } &&
        verifier.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~');

    /// <summary>
    /// Checks a verifier against a challenge as an authorization server does (§4.6), in constant time.
    /// An unknown method fails.
    /// </summary>
    public static bool Verify(string? verifier, string challenge, string method) =>
        IsValidVerifier(verifier) && method switch
        {
            OAuth2Constants.CodeChallengeMethods.S256 => ConstantTime.Equals(S256Challenge(verifier!), challenge),
            OAuth2Constants.CodeChallengeMethods.Plain => ConstantTime.Equals(verifier, challenge),
            _ => false,
        };
}
