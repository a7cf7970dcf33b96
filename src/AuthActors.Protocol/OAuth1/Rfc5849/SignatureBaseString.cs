using System.Text;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.OAuth1.Rfc5849;

/// <summary>
/// The signature base string of RFC 5849 §3.4.1: pure functions, shared by the client (which signs)
/// and the dev provider (which verifies).
/// </summary>
public static class SignatureBaseString
{
    /// <summary>
    /// Builds the base string (§3.4.1.1): the uppercased method, the base string URI and the normalized
    /// parameters, each encoded (§3.6) and joined with <c>&amp;</c>.
    /// </summary>
    /// <example>
    /// For <c>POST http://example.com/request?b5=%3D%253D&amp;a3=a&amp;c%40=&amp;a2=r%20b</c> with body
    /// <c>c2&amp;a3=2+q</c> (§3.4.1.1) it yields
    /// <c>POST&amp;http%3A%2F%2Fexample.com%2Frequest&amp;a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da...</c>.
    /// </example>
    public static string Build(string method, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        return string.Concat(
            PercentEncoding.Encode(method.ToUpperInvariant()), "&",
            PercentEncoding.Encode(BaseStringUri(url)), "&",
            PercentEncoding.Encode(NormalizeParameters(parameters)));
    }

    /// <summary>
    /// The base string URI (§3.4.1.2): scheme and host lowercased, the default port (80 for http, 443 for
    /// https) dropped, any other port kept, the path kept as sent, query and fragment dropped.
    /// </summary>
    /// <example><c>http://EXAMPLE.COM:80/r%20v/X?id=123</c> gives <c>http://example.com/r%20v/X</c>.</example>
    public static string BaseStringUri(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new ArgumentException("The request URL must be an absolute http or https URL.", nameof(url));
        }

        var scheme = uri.Scheme.ToLowerInvariant();
        var host = uri.Host.ToLowerInvariant();
        var defaultPort = scheme == "http" ? 80 : 443;
        var authority = uri.Port == defaultPort ? host : $"{host}:{uri.Port}";
        return $"{scheme}://{authority}{RawPath(url)}";
    }

    /// <summary>
    /// Collects the parameters of §3.4.1.3.1: the query, the <c>oauth_*</c> protocol parameters (from the
    /// Authorization header or wherever they travel) without <c>realm</c>, and a form body — never
    /// <c>oauth_signature</c>.
    /// </summary>
    /// <param name="url">The request URL; its query is read as <c>application/x-www-form-urlencoded</c>.</param>
    /// <param name="protocolParameters">The decoded Authorization-header parameters, or none.</param>
    /// <param name="form">The decoded parameters of a single-part form body, or <c>null</c> for any other body.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> CollectParameters(
        string url,
        IEnumerable<KeyValuePair<string, string>>? protocolParameters,
        IEnumerable<KeyValuePair<string, string>>? form)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.IndexOf('?') is var q and >= 0 ? url[(q + 1)..] : null;
        if (query?.IndexOf('#') is int hash and >= 0)
        {
            query = query[..hash];
        }

        IEnumerable<KeyValuePair<string, string>> header = protocolParameters?.Where(p => p.Key != OAuth1Constants.Parameters.Realm) ?? [];
        return FormEncoding.Parse(query)
            .Concat(header)
            .Concat(form ?? [])
            .Where(p => p.Key != OAuth1Constants.Parameters.Signature)
            .ToList();
    }

    /// <summary>
    /// Normalizes parameters (§3.4.1.3.2): each name and value encoded, sorted by encoded name and then
    /// encoded value in ascending byte order (duplicates kept), joined as <c>name=value</c> with <c>&amp;</c>.
    /// </summary>
    public static string NormalizeParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = parameters
            .Select(p => (Name: PercentEncoding.Encode(p.Key), Value: PercentEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var (name, value) in encoded)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(name).Append('=').Append(value);
        }

        return sb.ToString();
    }

    private static string RawPath(string url)
    {
        // Take the path as written: System.Uri would unescape some octets and break byte equality.
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = url.IndexOf('/', start);
        var end = url.IndexOfAny(['?', '#'], start);
        if (slash < 0 || (end >= 0 && slash > end))
        {
            return "/";
        }

        return end < 0 ? url[slash..] : url[slash..end];
    }
}
