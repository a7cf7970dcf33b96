using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>
/// Security headers of the login and callback responses: no Referer leaves with the code or state
/// (<c>Referrer-Policy: no-referrer</c>, RFC 9700 §4.2.4), no MIME sniffing, no framing.
/// </summary>
public static class EdgeHeaders
{
    /// <summary>The <c>Content-Security-Policy</c> of the login and callback responses (redirects and problem details).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Sets the headers on <paramref name="response"/>, keeping any the app already set.</summary>
    public static void Apply(HttpResponse response, string contentSecurityPolicy = ContentSecurityPolicy)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.TryAdd("Referrer-Policy", "no-referrer");
        headers.TryAdd("X-Content-Type-Options", "nosniff");
        headers.TryAdd("Content-Security-Policy", contentSecurityPolicy);
    }
}
