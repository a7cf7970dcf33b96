using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.Http;

/// <summary>
/// An outgoing HTTP request as plain data: what the protocol builders produce, what compliance hooks
/// rewrite, and what a transport sends. Building one never performs I/O.
/// </summary>
/// <param name="Method">The HTTP method, uppercase (<c>GET</c>, <c>POST</c>, ...).</param>
/// <param name="Url">The absolute URL, query included.</param>
/// <param name="Headers">Request headers in order (content headers excluded).</param>
/// <param name="Form">A single-part <c>application/x-www-form-urlencoded</c> body, or <c>null</c>.</param>
/// <param name="Body">Any other body (for example JSON), or <c>null</c>. Ignored when <paramref name="Form"/> is set.</param>
/// <param name="ContentType">The media type of <paramref name="Body"/>.</param>
public sealed record OAuthHttpRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<KeyValuePair<string, string>>? Form = null,
    string? Body = null,
    string? ContentType = null)
{
    /// <summary>The media type of a form body.</summary>
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>A request with no headers and no body.</summary>
    public static OAuthHttpRequest Create(string method, string url) => new(method.ToUpperInvariant(), url, []);

    /// <summary>A POST with a form body.</summary>
    public static OAuthHttpRequest PostForm(string url, IEnumerable<KeyValuePair<string, string>> form) =>
        new("POST", url, [], form.ToList());

    /// <summary>Returns a copy with <paramref name="name"/> set to <paramref name="value"/>, replacing earlier values.</summary>
    public OAuthHttpRequest WithHeader(string name, string value) =>
        this with
        {
            Headers = Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Append(new(name, value)).ToList(),
        };

    /// <summary>Returns a copy with query parameters appended to <see cref="Url"/>.</summary>
    public OAuthHttpRequest WithQuery(params KeyValuePair<string, string>[] parameters) =>
        this with { Url = FormEncoding.AppendQuery(Url, parameters) };

    /// <summary>Returns a copy with form fields appended (creating the form when there is none).</summary>
    public OAuthHttpRequest WithFormFields(IEnumerable<KeyValuePair<string, string>> fields) =>
        this with { Form = (Form ?? []).Concat(fields).ToList() };

    /// <summary>Returns a copy without the form fields named <paramref name="name"/>.</summary>
    public OAuthHttpRequest WithoutFormField(string name) =>
        Form is null ? this : this with { Form = Form.Where(f => f.Key != name).ToList() };

    /// <summary>The first header named <paramref name="name"/> (case-insensitive), or <c>null</c>.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// A description safe for logs: method and URL without its query, never headers or body,
    /// which may carry credentials.
    /// </summary>
    public override string ToString()
    {
        var q = Url.IndexOf('?');
        return $"{Method} {(q < 0 ? Url : Url[..q])}";
    }
}
