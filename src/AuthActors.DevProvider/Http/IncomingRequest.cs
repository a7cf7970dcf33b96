using System.Buffers;
using System.Text;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace AuthActors.DevProvider.Http;

/// <summary>
/// A request as the protocol code needs it: the absolute URL exactly as the client sent it, the query and
/// a form body decoded with the Protocol's own decoders (duplicates and order kept), and any other body as text.
/// </summary>
internal sealed record IncomingRequest(
    string Method,
    string AbsoluteUrl,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>>? Form,
    string? Body,
    string? Authorization)
{
    private const int MaxBodyChars = 1 << 20;

    /// <summary>The form fields, or none when the body is not a form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormOrEmpty => Form ?? [];

    public static async Task<IncomingRequest> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        string? body = null;
        IReadOnlyList<KeyValuePair<string, string>>? form = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            body = await ReadBodyAsync(request.Body, context.RequestAborted);
        }

        if (IsForm(request.ContentType))
        {
            form = FormEncoding.Parse(body ?? string.Empty);
        }

        var authorization = request.Headers.Authorization.Count > 0 ? request.Headers.Authorization[0] : null;
        return new(request.Method, ReceivedUrl(context), FormEncoding.Parse(request.QueryString.Value), form, body, authorization);
    }

    // The body as text, up to MaxBodyChars, read in pooled chunks. Not into one buffer of the limit's size: at 2 MiB,
    // every token request allocated (and zeroed) a large object, and the background collections of those took more
    // than half of the provider's CPU under load.
    private static async Task<string> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var chunk = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var text = new StringBuilder();
            int read;
            while ((read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                if (text.Length + read > MaxBodyChars)
                {
                    throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
                }

                text.Append(chunk, 0, read);
            }

            return text.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// scheme://host[:port] followed by the request target as sent (path with its original escapes, and the
    /// raw query): what an OAuth 1 client signed (RFC 5849 §3.4.1.2). Falls back to PathBase + Path + the
    /// raw query string when the server does not expose the raw target.
    /// </summary>
    public static string ReceivedUrl(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = raw is { Length: > 0 } && raw[0] == '/'
            ? raw
            : request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.Value;
        return $"{request.Scheme}://{request.Host.Value}{target}";
    }

    /// <summary>True when the media type is <c>application/x-www-form-urlencoded</c>, whatever its parameters.</summary>
    public static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals(OAuthHttpRequest.FormContentType, StringComparison.OrdinalIgnoreCase);
}
