using System.Text;

namespace AuthActors.AspNetCore;

/// <summary>Return URL checks against open redirects (RFC 9700 §4.11).</summary>
public static class ReturnUrls
{
    /// <summary>
    /// True for a local URL: an absolute path (<c>/profile?tab=1</c>) that is not protocol-relative
    /// (<c>//evil.example</c>), has no backslash trick (<c>/\evil.example</c>) and no control characters.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(char.IsControl) && !url.Contains('\\');

    /// <summary>
    /// <paramref name="url"/> when it is local, percent-encoded to ASCII (<c>/été</c> becomes <c>/%C3%A9t%C3%A9</c>) so it
    /// is always a valid <c>Location</c> header; otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string LocalOr(string? url, string fallback) => IsLocal(url) ? ToAscii(url!) : fallback;

    /// <summary>
    /// <paramref name="url"/> with every non-ASCII character, space and other character a header cannot carry
    /// percent-encoded as UTF-8 (a lone surrogate as U+FFFD); existing escapes are kept.
    /// </summary>
    public static string ToAscii(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.All(c => c is > ' ' and < (char)0x7F and not '"' and not '<' and not '>'))
        {
            return url;
        }

        var builder = new StringBuilder(url.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F and not '"' and not '<' and not '>')
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
