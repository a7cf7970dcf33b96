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
    /// <summary>The 62 characters of <see cref="Alphanumeric"/>: <c>A-Z</c>, <c>a-z</c>, <c>0-9</c>.</summary>
    public const string AlphanumericAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // The largest multiple of 62 that fits in a byte: bytes below it map to a character without bias.
    private const int AlphanumericLimit = 256 / 62 * 62; // 248

    // A source that keeps handing out only rejected bytes (>= 248) is broken; give up instead of spinning.
    private const int MaxFruitlessFills = 64;

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

    /// <summary>
    /// The 64 characters of base64url in ascending ordinal (ASCII) order: <c>-</c>, <c>0-9</c>, <c>A-Z</c>, <c>_</c>,
    /// <c>a-z</c>. Numbers written in it compare as their text does.
    /// </summary>
    public const string SortableAlphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// Returns an id that sorts by the millisecond it was made: <paramref name="now"/> as 48 bits of Unix time in
    /// milliseconds, written in 8 characters of <see cref="SortableAlphabet"/>, then <paramref name="byteCount"/>
    /// random bytes as unpadded base64url. Every character is within base64url's alphabet, and the random part alone
    /// carries <c>8 × byteCount</c> bits, so the id is as hard to guess as <see cref="UrlSafe"/> of that many bytes.
    /// </summary>
    /// <remarks>
    /// Ids made in order are written to a database's index in order, so that rows written together share index pages
    /// (a random id puts each row on a page of its own). Ids of the same millisecond keep a random order. The time is
    /// what the caller passes (clamped to 1970–10889), so a fixed clock and source give a fixed id; it is not secret.
    /// </remarks>
    /// <example><c>RandomTokens.TimeOrdered(random, now, 26)</c> gives 43 characters: 8 of time, 35 carrying 208 random bits.</example>
    public static string TimeOrdered(IRandomSource random, DateTimeOffset now, int byteCount)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(byteCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteCount, 256);
        Span<char> text = stackalloc char[8 + System.Buffers.Text.Base64Url.GetEncodedLength(byteCount)];
        var millis = Math.Clamp(now.ToUnixTimeMilliseconds(), 0L, (1L << 48) - 1);
        for (var i = 7; i >= 0; i--)
        {
            text[i] = SortableAlphabet[(int)(millis & 63)];
            millis >>= 6;
        }

        Span<byte> bytes = stackalloc byte[byteCount];
        random.Fill(bytes);
        System.Buffers.Text.Base64Url.EncodeToChars(bytes, text[8..]);
        return new string(text);
    }

    /// <summary>
    /// Returns <paramref name="length"/> random characters from <c>[A-Za-z0-9]</c>: the OAuth 1 nonce shape
    /// that strict servers accept (oauthlib's <c>check_nonce</c> wants 20..30 of exactly these characters;
    /// base64url's <c>-</c> and <c>_</c> are refused). Each character carries log2(62) ≈ 5.95 bits, so 22
    /// characters carry more than 128 bits.
    /// </summary>
    /// <remarks>
    /// Unbiased by rejection sampling: a random byte <c>b</c> is used only when <c>b &lt; 248</c> (4 × 62) and
    /// then maps to <c>alphabet[b % 62]</c>, so every character has probability 4/248 = 1/62; bytes 248..255
    /// are dropped and more bytes are drawn. Bytes are drawn in batches of about <c>length × 9/8</c>, so one
    /// fill is nearly always enough. The result depends only on the bytes the source hands out, so a fixed
    /// <see cref="IRandomSource"/> gives a fixed result.
    /// </remarks>
    /// <example><c>RandomTokens.Alphanumeric(random, 24)</c> gives e.g. <c>q3ZK0xVb8TnRj2WcLm5YpA7d</c> (~143 bits).</example>
    /// <exception cref="InvalidOperationException">The source returned only bytes 248..255 for 64 fills in a row.</exception>
    public static string Alphanumeric(IRandomSource random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var result = new char[length];
        var batch = length + (length / 8) + 2;
        Span<byte> bytes = batch <= 256 ? stackalloc byte[batch] : new byte[batch];
        var filled = 0;
        var fruitless = 0;
        while (filled < length)
        {
            random.Fill(bytes);
            var before = filled;
            foreach (var b in bytes)
            {
                if (b < AlphanumericLimit)
                {
                    result[filled++] = AlphanumericAlphabet[b % AlphanumericAlphabet.Length];
                    if (filled == length)
                    {
                        break;
                    }
                }
            }

            fruitless = filled == before ? fruitless + 1 : 0;
            if (fruitless == MaxFruitlessFills)
            {
                throw new InvalidOperationException("The random source keeps returning only bytes 248..255; it is broken.");
            }
        }

        return new string(result);
    }
}
