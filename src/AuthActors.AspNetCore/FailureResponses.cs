using System.Net;
using AuthActors.Engine.Attempts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.AspNetCore;

/// <summary>
/// A failed login as HTTP: problem details for clients that accept JSON, otherwise a redirect to the error page.
/// <see cref="FailureReason.Busy"/> is answered on the spot (503 with <c>Retry-After</c>, a page that retries
/// by itself): load is shed at the edge, without a second request.
/// </summary>
internal static partial class FailureResponses
{
    public static IResult Of(HttpContext context, AuthActorsEndpointOptions options, string provider, AuthorizationAttempt.Failed failure)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.AspNetCore");
        LogFailure(logger, provider, failure.Reason, failure.ProviderError);
        var status = FailureDescriptions.StatusCodeOf(failure.Reason);
        if (FailureDescriptions.RetryAfterSecondsOf(failure.Reason, options.BusyRetryAfter) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (WantsJson(context))
        {
            return Results.Problem(
                title: FailureDescriptions.TitleOf(failure.Reason),
                detail: failure.Description,
                statusCode: status,
                type: "https://authactors.dev/errors/" + failure.Reason,
                extensions: new Dictionary<string, object?> { ["reason"] = failure.Reason.ToString(), ["provider"] = provider, ["providerError"] = failure.ProviderError });
        }

        if (failure.Reason == FailureReason.Busy)
        {
            var title = WebUtility.HtmlEncode(FailureDescriptions.TitleOf(failure.Reason));
            var advice = WebUtility.HtmlEncode(FailureDescriptions.AdviceOf(failure.Reason));
            return Results.Content(
                $"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{context.Response.Headers.RetryAfter}"><title>{title}</title></head><body><h1 id="error" data-reason="Busy">{title}</h1><p>{advice}</p></body></html>""",
                "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
        }

        var query = new Dictionary<string, string?> { ["reason"] = failure.Reason.ToString(), ["provider"] = provider, ["providerError"] = failure.ProviderError };
        return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + options.ErrorPath, query));
    }

    private static bool WantsJson(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && (a.Contains("application/json", StringComparison.OrdinalIgnoreCase) || a.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Login with {Provider} failed: {Reason} {ProviderError}")]
    private static partial void LogFailure(ILogger logger, string provider, FailureReason reason, string? providerError);
}
