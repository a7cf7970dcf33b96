using System.Text;

namespace AuthActors.Protocol.Infrastructure;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> (and URL query) reading and writing. Parameters are kept as an
/// ordered list because OAuth 1 signs duplicates (RFC 5849 §3.4.1.3.2).
/// </summary>
public static class FormEncoding
{
    /// <summary>
    /// Parses a query string or form body (a leading <c>?</c> is ignored). <c>+</c> is a space; a name
    /// without <c>=</c> gets an empty value; empty segments are skipped.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '?')
        {
            span = span[1..];
        }

        foreach (var range in span.Split('&'))
        {
            var segment = span[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var eq = segment.IndexOf('=');
            var name = eq < 0 ? segment : segment[..eq];
            var value = eq < 0 ? ReadOnlySpan<char>.Empty : segment[(eq + 1)..];
            result.Add(new(PercentEncoding.Decode(name.ToString(), plusIsSpace: true),
                PercentEncoding.Decode(value.ToString(), plusIsSpace: true)));
        }

        return result;
    }

    /// <summary>
    /// Writes parameters with RFC 3986 percent-encoding (space as <c>%20</c>), which every
    /// form-urlencoded reader accepts and which keeps OAuth 1 signatures unambiguous.
    /// </summary>
    public static string Write(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sb = Builders.Acquire();
        AppendPairs(sb, parameters);
        return Builders.ToStringAndRelease(sb);
    }

    /// <summary>
    /// Appends parameters to <paramref name="url"/>, keeping its existing query and fragment placement:
    /// <c>https://a/b?x=1#f</c> plus <c>y=2</c> gives <c>https://a/b?x=1&amp;y=2#f</c>.
    /// </summary>
    public static string AppendQuery(string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        var hash = url.IndexOf('#');
        var head = hash >= 0 ? url.AsSpan(0, hash) : url.AsSpan();
        var separator = head.Contains('?') ? (head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&") : "?";
        var sb = Builders.Acquire();
        sb.Append(head).Append(separator);
        var start = sb.Length;
        AppendPairs(sb, parameters);
        if (sb.Length == start)
        {
            Builders.Release(sb);
            return url;
        }

        if (hash >= 0)
        {
            sb.Append(url, hash, url.Length - hash);
        }

        return Builders.ToStringAndRelease(sb);
    }

    // name=value pairs, percent-encoded, joined by '&'.
    private static void AppendPairs(StringBuilder sb, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var first = true;
        foreach (var (name, value) in parameters)
        {
            if (!first)
            {
                sb.Append('&');
            }

            first = false;
            PercentEncoding.Append(sb, name);
            sb.Append('=');
            PercentEncoding.Append(sb, value);
        }
    }

    // One builder per thread, reused: the query strings of a login (the authorize URL, token request bodies) are
    // built often and are short.
    private static class Builders
    {
        private const int MaxKept = 2048;

        [ThreadStatic]
        private static StringBuilder? _kept;

        public static StringBuilder Acquire()
        {
            var sb = _kept;
            if (sb is null)
            {
                return new StringBuilder(256);
            }

            _kept = null;
            return sb.Clear();
        }

        public static string ToStringAndRelease(StringBuilder sb)
        {
            var text = sb.ToString();
            Release(sb);
            return text;
        }

        public static void Release(StringBuilder sb)
        {
            if (sb.Capacity <= MaxKept)
            {
                _kept = sb;
            }
        }
    }

    /// <summary>
    /// Encodes one component with the <c>application/x-www-form-urlencoded</c> serializer of the WHATWG URL
    /// standard (HTML 4.01 §17.13.4): <c>*-._</c> and alphanumerics kept, space as <c>+</c>, every other
    /// UTF-8 byte as uppercase <c>%XX</c>. RFC 6749 §2.3.1 requires this for HTTP Basic client credentials.
    /// </summary>
    /// <example><c>EncodeComponent("a b~c")</c> is <c>a+b%7Ec</c>.</example>
    public static string EncodeComponent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '*' or '-' or '.' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary>The first value of <paramref name="name"/>, or <c>null</c>.</summary>
    public static string? First(this IEnumerable<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
