using AuthActors.AspNetCore;
using AuthActors.Engine.Attempts;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>
/// A failed sign-in, in words, with the status code it maps to; never a stack trace. <c>/error</c> without a
/// known <c>reason</c> (missing, misspelt, a number) is the generic page with 400: the request is what is wrong.
/// </summary>
internal static class ErrorPage
{
    public static IResult Render(string? reason, string? provider, string? providerError)
    {
        if (string.IsNullOrEmpty(reason) || !char.IsLetter(reason[0]) || !Enum.TryParse<FailureReason>(reason, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
        {
            return Generic(StatusCodes.Status400BadRequest);
        }

        var detail = providerError is null ? string.Empty : $"""<p class="muted">Provider error: <code>{E(providerError)}</code></p>""";
        return Page(FailureDescriptions.TitleOf(parsed), $"""
            <div class="error" id="error" data-reason="{E(parsed.ToString())}">
              <h1>{E(FailureDescriptions.TitleOf(parsed))}</h1>
              <p>{E(FailureDescriptions.AdviceOf(parsed))}</p>
              <p class="muted">Reason: <code>{E(parsed.ToString())}</code>{(provider is null ? string.Empty : " · provider " + E(provider))}</p>
              {detail}
            </div>
            <p><a class="button" href="/">Start again</a></p>
            """, FailureDescriptions.StatusCodeOf(parsed));
    }

    /// <summary>The generic error page with <paramref name="status"/> (500 for unhandled exceptions).</summary>
    public static IResult Generic(int status) =>
        Page("Something went wrong", """<div class="error" id="error" data-reason=""><h1>Something went wrong</h1><p>Please start again.</p></div><p><a class="button" href="/">Start again</a></p>""", status);
}
