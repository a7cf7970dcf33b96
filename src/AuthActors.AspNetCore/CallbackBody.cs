using System.IO.Pipelines;
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

        try
        {
            var bytes = await ReadLimitedAsync(request.BodyReader, options.MaxCallbackBodySize, options.CallbackBodyTimeout, context.RequestAborted);
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
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body did not arrive in time."));
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException or InvalidDataException)
        {
            return ([], Refuse(context, StatusCodes.Status400BadRequest, "The callback body is not a well-formed form."));
        }
    }

    /// <summary>
    /// The body, or <c>null</c> when it is longer than <paramref name="max"/> bytes. The deadline cancels the pending read
    /// (<see cref="PipeReader.CancelPendingRead"/>) rather than the read's token, which would leave Kestrel's body reader
    /// unusable for draining the rest of the request.
    /// </summary>
    private static async Task<byte[]?> ReadLimitedAsync(PipeReader body, long max, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var registration = deadline.Token.Register(body.CancelPendingRead);
        using var buffer = new MemoryStream();
        while (true)
        {
            var result = await body.ReadAsync(aborted);
            if (result.IsCanceled)
            {
                body.AdvanceTo(result.Buffer.Start); // ends the read, so Kestrel can drain or close
                throw new TimeoutException();
            }

            var length = result.Buffer.Length;
            if (buffer.Length + length > max)
            {
                body.AdvanceTo(result.Buffer.End);
                return null;
            }

            foreach (var segment in result.Buffer)
            {
                buffer.Write(segment.Span);
            }

            body.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return buffer.ToArray();
            }
        }
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
