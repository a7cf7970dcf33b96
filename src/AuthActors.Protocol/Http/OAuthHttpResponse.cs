namespace AuthActors.Protocol.Http;

/// <summary>
/// An HTTP response as plain data, or the absence of one. Parsers read it; response compliance hooks
/// rewrite it. A transport failure (no answer, timeout, dropped connection) is represented with
/// <see cref="StatusCode"/> 0 and <see cref="TransportError"/> set, so that it crosses boundaries as data.
/// </summary>
/// <param name="StatusCode">The HTTP status code, or 0 when no response arrived.</param>
/// <param name="ContentType">The media type of <paramref name="Body"/> (without parameters), or <c>null</c>.</param>
/// <param name="Body">The body as text (empty when there is none).</param>
/// <param name="Headers">Response headers, content headers included.</param>
/// <param name="TransportError">Why no response arrived, or <c>null</c>.</param>
public sealed record OAuthHttpResponse(
    int StatusCode,
    string? ContentType,
    string Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? TransportError = null)
{
    /// <summary>A response that never arrived.</summary>
    public static OAuthHttpResponse Failed(string reason) => new(0, null, string.Empty, [], reason);

    /// <summary>A JSON response, for tests and recorded fixtures.</summary>
    public static OAuthHttpResponse Json(int status, string body) => new(status, "application/json", body, []);

    /// <summary>A form-encoded response, for tests and recorded fixtures.</summary>
    public static OAuthHttpResponse Form(int status, string body) =>
        new(status, OAuthHttpRequest.FormContentType, body, []);

    /// <summary>True when no response arrived.</summary>
    public bool IsTransportFailure => StatusCode == 0;

    /// <summary>True for 2xx statuses.</summary>
    public bool IsSuccessStatus => StatusCode is >= 200 and < 300;

    /// <summary>True when the media type names JSON (<c>application/json</c> or <c>+json</c>).</summary>
    public bool IsJson =>
        ContentType is { } ct && (ct.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                                  ct.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
                                  ct.Equals("text/javascript", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the media type is <c>text/html</c>.</summary>
    public bool IsHtml => ContentType?.Equals("text/html", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A description safe for logs: status and media type, never the body.</summary>
    public override string ToString() =>
        IsTransportFailure ? $"no response ({TransportError})" : $"HTTP {StatusCode} {ContentType}";
}
