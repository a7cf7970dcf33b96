using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AuthActors.AspNetCore;

/// <summary>
/// Reads the body of a <c>response_mode=form_post</c> callback defensively: only
/// <c>application/x-www-form-urlencoded</c>, at most <see cref="AuthActorsEndpointOptions.MaxCallbackBodySize"/> bytes,
/// within <see cref="AuthActorsEndpointOptions.CallbackBodyTimeout"/>. Bad client input is a typed 400 (413 when too
/// large) as problem details, logged at Information without its content; never an exception.
/// </summary>
internal static partial class CallbackBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The form fields of the callback body (none for GET or an empty body), or the error to answer.</summary>
    public static async Task<(List<KeyValuePair<string, string>> Form, IResult? Error)> ReadAsync(HttpContext context, AuthActorsEndpointOptions options)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)))
        {
            return ([], null);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body must be application/x-www-form-urlencoded."));
        }

        if (request.ContentLength > options.MaxCallbackBodySize)
        {
            return ([], Refuse(context, StatusCodes.Status413PayloadTooLarge, $"The callback body is larger than {options.MaxCallbackBodySize} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxCallbackBodySize;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(options.CallbackBodyTimeout);
        try
        {
            var bytes = await ReadLimitedAsync(request.Body, options.MaxCallbackBodySize, deadline.Token);
            if (bytes is null)
            {
                return ([], Refuse(context, StatusCodes.Status413PayloadTooLarge, $"The callback body is larger than {options.MaxCallbackBodySize} bytes."));
            }

            var form = new FormReader(StrictUtf8.GetString(bytes)).ReadForm();
            return (form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], Refuse(context, StatusCodes.Status413PayloadTooLarge, $"The callback body is larger than {options.MaxCallbackBodySize} bytes."));
        }
        catch (BadHttpRequestException)
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body was incomplete or too slow."));
        }
        catch (OperationCanceledException)
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body did not arrive in time."));
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException or InvalidDataException)
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body is not a well-formed form."));
        }
    }

    /// <summary>The body, or <c>null</c> when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Refuse(HttpContext context, int status, string detail)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.AspNetCore");
        LogRefused(logger, status, detail);
        return Results.Problem(
            title: "The callback request was malformed",
            detail: detail,
            statusCode: status,
            type: "https://authactors.dev/errors/" + nameof(Engine.Attempts.FailureReason.InvalidRequest),
            extensions: new Dictionary<string, object?> { ["reason"] = nameof(Engine.Attempts.FailureReason.InvalidRequest) });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback body refused ({Status}): {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string detail);
}
