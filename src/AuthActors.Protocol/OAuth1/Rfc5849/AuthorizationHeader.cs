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
            sb.Append("realm=\"").Append(realm.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
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
            var close = value.IndexOf('"', eq + 2);
            while (close > 0 && value[close - 1] == '\\')
            {
                close = value.IndexOf('"', close + 1);
            }

            if (close < 0 || name.Length == 0)
            {
                return null;
            }

            var raw = value[(eq + 2)..close];
            var decoded = name == OAuth1Constants.Parameters.Realm
                ? raw.Replace("\\\"", "\"", StringComparison.Ordinal)
                : PercentEncoding.Decode(raw);
            result.Add(new(PercentEncoding.Decode(name), decoded));
            i = close + 1;
        }

        return result;
    }
}
