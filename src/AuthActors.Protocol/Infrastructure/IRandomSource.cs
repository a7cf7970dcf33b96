using System.Security.Cryptography;

namespace AuthActors.Protocol.Infrastructure;

/// <summary>
/// The source of every random value the protocol code needs (state, nonce, PKCE verifier, OAuth 1 nonce).
/// Injected so that tests can pin values and check RFC vectors byte for byte.
/// </summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    void Fill(Span<byte> buffer);
}

/// <summary>The production random source: the operating system's CSPRNG.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    /// <summary>The shared instance; it is stateless and thread-safe.</summary>
    public static readonly CryptoRandomSource Instance = new();

    private CryptoRandomSource()
    {
    }

    /// <inheritdoc />
    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}

/// <summary>Helpers that turn random bytes into URL-safe tokens.</summary>
public static class RandomTokens
{
    /// <summary>
    /// Returns <paramref name="byteCount"/> random bytes as unpadded base64url (RFC 4648 §5),
    /// which is URL-safe and within the PKCE verifier alphabet (RFC 7636 §4.1).
    /// </summary>
    /// <example><c>RandomTokens.UrlSafe(random, 16)</c> gives 22 characters carrying 128 bits.</example>
    public static string UrlSafe(IRandomSource random, int byteCount)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteCount, 1);
        Span<byte> bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        random.Fill(bytes);
        return Base64Url.Encode(bytes);
    }
}
