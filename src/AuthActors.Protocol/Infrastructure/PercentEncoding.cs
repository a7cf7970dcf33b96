using System.Text;

namespace AuthActors.Protocol.Infrastructure;

/// <summary>
/// The percent-encoding of RFC 3986 §2.1 as RFC 5849 §3.6 requires it: every byte of the UTF-8 form
/// except the unreserved characters <c>ALPHA DIGIT - . _ ~</c> becomes <c>%XX</c> with uppercase hex.
/// A space is <c>%20</c>, never <c>+</c>.
/// </summary>
public static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Encodes <paramref name="value"/> per RFC 3986 §2.1 / RFC 5849 §3.6.</summary>
    /// <example><c>Encode("Ladies + Gentlemen")</c> is <c>Ladies%20%2B%20Gentlemen</c>.</example>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsAllUnreserved(value))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length * 3);
        AppendEscaped(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends the encoding of <paramref name="value"/> to <paramref name="sb"/>, as <see cref="Encode"/> gives it.</summary>
    internal static void Append(StringBuilder sb, string value)
    {
        if (IsAllUnreserved(value))
        {
            sb.Append(value);
        }
        else
        {
            AppendEscaped(sb, value);
        }
    }

    private static void AppendEscaped(StringBuilder sb, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = length <= 256 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented ?? stackalloc byte[256];
        var count = Encoding.UTF8.GetBytes(value, buffer);
        foreach (var b in buffer[..count])
        {
            if (b < 0x80 && IsUnreserved((char)b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes <c>%XX</c> escapes (and, when <paramref name="plusIsSpace"/> is set, <c>+</c> as space, which
    /// <c>application/x-www-form-urlencoded</c> uses). Malformed escapes are kept literally.
    /// </summary>
    public static string Decode(string value, bool plusIsSpace = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IndexOf('%') < 0 && !(plusIsSpace && value.IndexOf('+') >= 0))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A character outside the BMP is two UTF-16 code units: encode them together, or each
                // half alone would become U+FFFD and change the signed bytes.
                bytes.AddRange(Encoding.UTF8.GetBytes(value.Substring(i, 2)));
                i++;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsAllUnreserved(string value)
    {
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
