using System.Text;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.OAuth1.Rfc5849;

/// <summary>The <c>OAuth</c> Authorization header of RFC 5849 §3.5.1: writing and reading.</summary>
public static class AuthorizationHeader
{
    /// <summary>
    /// Writes the header value: <c>OAuth </c>, an optional <c>realm</c> (not encoded, never signed), then each
    /// parameter as <c>name="value"</c> with both encoded (§3.6), separated by <c>", "</c>.
    /// </summary>
    /// <example><c>OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", ...</c></example>
    public static string Write(IEnumerable<KeyValuePair<string, string>> parameters, string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sb = new StringBuilder(OAuth1Constants.AuthorizationScheme).Append(' ');
        var first = true;
        if (realm is not null)
        {
            // A quoted-string (RFC 7230 §3.2.6): backslash and double quote are sent as quoted-pairs.
            sb.Append("realm=\"")
                .Append(realm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))
                .Append('"');
            first = false;
        }

        foreach (var (name, value) in parameters)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            sb.Append(PercentEncoding.Encode(name)).Append("=\"").Append(PercentEncoding.Encode(value)).Append('"');
            first = false;
        }

        return sb.ToString();
    }

    /// <summary>
    /// Reads an <c>OAuth</c> Authorization header into decoded parameters, <c>realm</c> included (callers
    /// exclude it from the base string). Returns <c>null</c> when the value is not an OAuth header or is
    /// malformed; never throws for bad input.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? TryParse(string? value)
    {
        if (value is null || !value.StartsWith(OAuth1Constants.AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var result = new List<KeyValuePair<string, string>>();
        var i = OAuth1Constants.AuthorizationScheme.Length + 1;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ' ' || value[i] == ',' || value[i] == '\t'))
            {
                i++;
            }

            if (i >= value.Length)
            {
                break;
            }

            var eq = value.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= value.Length || value[eq + 1] != '"')
            {
                return null;
            }

            var name = value[i..eq].Trim();
            var quoted = ReadQuotedString(value, eq + 1);
            if (name.Length == 0 || quoted is null)
            {
                return null;
            }

            var (raw, close) = quoted.Value;

            var decoded = name == OAuth1Constants.Parameters.Realm ? raw : PercentEncoding.Decode(raw);
            result.Add(new(PercentEncoding.Decode(name), decoded));
            i = close + 1;
        }

        return result;
    }

    /// <summary>
    /// Reads the quoted-string that opens at <paramref name="open"/>, resolving quoted-pairs
    /// (<c>\"</c>, <c>\\</c>); returns its content and the index of the closing quote, or <c>null</c>
    /// when it is not closed.
    /// </summary>
    private static (string Content, int Close)? ReadQuotedString(string value, int open)
    {
        var sb = new StringBuilder();
        for (var j = open + 1; j < value.Length; j++)
        {
            var c = value[j];
            if (c == '"')
            {
                return (sb.ToString(), j);
            }

            if (c == '\\' && j + 1 < value.Length)
            {
                j++;
                c = value[j];
            }

            sb.Append(c);
        }

        return null;
    }
}
