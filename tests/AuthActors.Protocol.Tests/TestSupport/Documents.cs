using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>
/// Loads a recorded response from <c>documents/</c>: a raw HTTP/1.1 message (status line, headers, an
/// empty line, the body), so that status and media type are recorded with the body.
/// </summary>
public static class Documents
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "documents", name);

    public static OAuthHttpResponse Response(string name)
    {
        var text = File.ReadAllText(Path(name)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..].TrimEnd('\n');
        var lines = head.Split('\n');
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim()))
            .ToList();
        var contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var mediaType = contentType?.Split(';')[0].Trim();
        return new OAuthHttpResponse(status, mediaType, body, headers);
    }
}
