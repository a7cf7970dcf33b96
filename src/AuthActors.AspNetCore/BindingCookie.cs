using System.Text;
using AuthActors.Protocol.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>
/// The browser binding: one HttpOnly, SameSite=Lax cookie per login attempt (named after the attempt, so two
/// tabs never overwrite each other), deleted after use. It holds the binding secret (the engine keeps only its
/// hash) and the return URL. On HTTPS it is <c>__Host-</c>prefixed (Secure, <c>Path=/</c>, no Domain), so a
/// sibling subdomain cannot plant a cookie of its own attempt (login CSRF); on plain HTTP it is scoped to the
/// provider's callback path, and Secure when <see cref="AuthActorsEndpointOptions.SecureCookies"/> says so.
/// </summary>
internal static class BindingCookie
{
    /// <summary>The prefix that makes browsers refuse the cookie unless it is Secure, host-only and <c>Path=/</c>.</summary>
    public const string HostPrefix = "__Host-";

    public static void Write(HttpContext context, AuthActorsEndpointOptions options, string provider, string attemptId, string secret, string returnUrl, TimeSpan lifetime) =>
        context.Response.Cookies.Append(NameOf(context, options, attemptId),
            secret + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(returnUrl)),
            Options(context, options, provider, lifetime));

    public static (string? Secret, string? ReturnUrl) Read(HttpContext context, AuthActorsEndpointOptions options, string attemptId)
    {
        if (!context.Request.Cookies.TryGetValue(NameOf(context, options, attemptId), out var value) || string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        var dot = value.IndexOf('.');
        if (dot <= 0)
        {
            return (value, null);
        }

        var returnUrl = Base64Url.TryDecode(value[(dot + 1)..]) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
        return (value[..dot], returnUrl);
    }

    public static void Delete(HttpContext context, AuthActorsEndpointOptions options, string provider, string attemptId) =>
        context.Response.Cookies.Delete(NameOf(context, options, attemptId), Options(context, options, provider, TimeSpan.Zero));

    /// <summary>The cookie name of <paramref name="attemptId"/>: <c>__Host-</c>prefixed on HTTPS.</summary>
    public static string NameOf(HttpContext context, AuthActorsEndpointOptions options, string attemptId) =>
        (options.IsHttps(context.Request) ? HostPrefix : string.Empty) + options.CookiePrefix + attemptId;

    private static CookieOptions Options(HttpContext context, AuthActorsEndpointOptions options, string provider, TimeSpan lifetime)
    {
        var https = options.IsHttps(context.Request);
        return new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = https || options.SecureCookies,
            Path = https ? "/" : context.Request.PathBase + options.CallbackPath(provider),
            Domain = null,
            MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
            IsEssential = true,
        };
    }
}
