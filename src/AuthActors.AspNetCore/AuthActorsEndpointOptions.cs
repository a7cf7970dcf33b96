using AuthActors.Engine.Flows;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>Routes and behaviour of the endpoints that <c>MapAuthActors()</c> maps.</summary>
public sealed class AuthActorsEndpointOptions
{
    /// <summary>The login route; <c>{provider}</c> is required. Default <c>/login/{provider}</c>.</summary>
    public string LoginPattern { get; set; } = "/login/{provider}";

    /// <summary>The callback route registered with providers; <c>{provider}</c> is required. Default <c>/auth/{provider}/callback</c>.</summary>
    public string CallbackPattern { get; set; } = "/auth/{provider}/callback";

    /// <summary>Where browsers are sent, with <c>?reason=…&amp;provider=…</c>, when a login fails. Default <c>/error</c>.</summary>
    public string ErrorPath { get; set; } = "/error";

    /// <summary>Where to go after a login when no (local) return URL was given. Default <c>/</c>.</summary>
    public string DefaultReturnUrl { get; set; } = "/";

    /// <summary>The prefix of binding cookie names; the attempt id follows, so parallel logins do not collide.</summary>
    public string CookiePrefix { get; set; } = "__aa_";

    /// <summary>
    /// The authentication scheme that signs the user in once a login completes (for example the cookie
    /// scheme); <c>null</c> uses the default sign-in scheme, if the app has authentication.
    /// </summary>
    public string? SignInScheme { get; set; }

    /// <summary>
    /// Called instead of signing in when a login completes, for apps that do their own thing with the token.
    /// Return the URL to redirect to.
    /// </summary>
    public Func<HttpContext, CompletedLogin, Task<string>>? OnCompleted { get; set; }

    /// <summary>
    /// The public origin of the app (<c>https://login.example.com</c>, no path), used to build the callback URL sent
    /// to providers. <c>null</c> (the default) builds it from the request's scheme and <c>Host</c> header, which a
    /// client can forge unless a proxy in front of the app fixes it; set this in production.
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary>The largest <c>form_post</c> callback body accepted, in bytes; larger ones get 413. Default 16 KiB.</summary>
    public long MaxCallbackBodySize { get; set; } = 16 * 1024;

    /// <summary>How long reading a <c>form_post</c> callback body may take before the request gets 400. Default 10 s.</summary>
    public TimeSpan CallbackBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>Retry-After</c> sent with the 503 of a provider at its in-flight cap (<c>Busy</c>). Default 1 s.</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Mark the binding cookie <c>Secure</c> even on plain HTTP (set it outside development). On HTTPS (the request's
    /// scheme, or an <c>https</c> <see cref="PublicOrigin"/>) the cookie is always <c>Secure</c> and carries the
    /// <c>__Host-</c> prefix with <c>Path=/</c>. Default <c>false</c>.
    /// </summary>
    public bool SecureCookies { get; set; }

    /// <summary>
    /// The name of a rate limiter policy (see <c>AddAuthActorsCallbackRateLimit</c>) required on the callback
    /// endpoint; <c>null</c> (the default) applies none.
    /// </summary>
    public string? CallbackRateLimitPolicy { get; set; }

    /// <summary>The callback URL of <paramref name="provider"/> for <paramref name="request"/>, on <see cref="PublicOrigin"/> when set.</summary>
    public string CallbackUrl(HttpRequest request, string provider)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = string.IsNullOrEmpty(PublicOrigin) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicOrigin.TrimEnd('/');
        return origin + CallbackPath(provider);
    }

    /// <summary>True when the app is reached over HTTPS: the request's scheme, or an <c>https</c> <see cref="PublicOrigin"/>.</summary>
    public bool IsHttps(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps || (PublicOrigin?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>The callback path of <paramref name="provider"/>.</summary>
    public string CallbackPath(string provider) => CallbackPattern.Replace("{provider}", Uri.EscapeDataString(provider), StringComparison.Ordinal);

    /// <summary>The login path of <paramref name="provider"/>.</summary>
    public string LoginPath(string provider) => LoginPattern.Replace("{provider}", Uri.EscapeDataString(provider), StringComparison.Ordinal);
}

/// <summary>A completed login, as handed to <see cref="AuthActorsEndpointOptions.OnCompleted"/>.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Result">The engine's result (token and user info).</param>
/// <param name="ReturnUrl">The validated local return URL.</param>
public sealed record CompletedLogin(string Provider, CompleteResult Result, string ReturnUrl);
