using Microsoft.AspNetCore.Diagnostics;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>
/// The body of an error status that has none (an unknown route's 404, a 405, …): the site's own page in its
/// layout, or problem details for clients that accept JSON. Never ASP.NET's bare "Status Code: 404".
/// </summary>
internal static class StatusCodePage
{
    public static Task HandleAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var notFound = status == StatusCodes.Status404NotFound;
        var title = notFound ? "Page not found" : "Something went wrong";
        var wantsJson = http.Request.Headers.Accept.Any(a => a is not null && a.Contains("json", StringComparison.OrdinalIgnoreCase));
        var result = wantsJson
            ? Results.Problem(title: title, statusCode: status)
            : notFound
                ? Page(title, $"""<div class="error" id="not-found"><h1>{E(title)}</h1><p>There is no page at <code>{E(http.Request.Path)}</code>.</p></div><p><a class="button" href="/">Home</a></p>""", status)
                : ErrorPage.Generic(status);
        return result.ExecuteAsync(http);
    }
}
