using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Web.Pages;

/// <summary>The page layout and HTML encoding; every dynamic value goes through <see cref="E"/>.</summary>
internal static class Html
{
    /// <summary>The stylesheet of every page, inline (allowed by its hash in <see cref="ContentSecurityPolicy"/>).</summary>
    public const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2530; }
        header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #dde; margin-bottom: 1.5rem; }
        header a { color: inherit; text-decoration: none; font-weight: 600; }
        .button, button { display: inline-block; padding: .6rem 1rem; margin: .25rem .25rem .25rem 0; border-radius: .4rem; border: 1px solid #3557a5; background: #3d63c6; color: #fff; text-decoration: none; font: inherit; cursor: pointer; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eef; }
        .error { border-left: 4px solid #c63d3d; padding: .5rem 1rem; background: #fdf2f2; }
        .muted { color: #667; font-size: .9rem; }
        """;

    /// <summary>
    /// The pages' <c>Content-Security-Policy</c>: own origin only, no framing, and inline style and script only
    /// by hash (the stylesheet above and the status page's script), so injected markup cannot run.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'self'; script-src {HashOf(StatusPage.Script)}; style-src {HashOf(Style)}; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static string HashOf(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    public static IResult Page(string title, string body, int status = 200, string? script = null) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{E(title)}} · AuthActors</title>
          <style>{{Style}}</style>
        </head>
        <body>
          <header><a href="/">AuthActors</a><nav class="muted"><a href="/status">status</a></nav></header>
          <main>
        {{body}}
          </main>
          {{(script is null ? string.Empty : "<script>" + script + "</script>")}}
        </body>
        </html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}
