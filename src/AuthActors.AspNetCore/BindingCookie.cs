using System.Text;
using AuthActors.Protocol.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>
/// The browser binding: one HttpOnly, SameSite=Lax cookie per login attempt (named after the attempt, so two
/// tabs never overwrite each other), scoped to the provider's callback path, Secure on HTTPS, deleted after
/// use. It holds the binding secret (the engine keeps only its hash) and the return URL.
/// </summary>
internal static class BindingCookie
{
    public static void Write(HttpContext context, AuthActorsEndpointOptions options, string provider, string attemptId, string secret, string returnUrl, TimeSpan lifetime) =>
        context.Response.Cookies.Append(options.CookiePrefix + attemptId,
            secret + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(returnUrl)),
            Options(context, options, provider, lifetime));

    public static (string? Secret, string? ReturnUrl) Read(HttpContext context, AuthActorsEndpointOptions options, string attemptId)
    {
        if (!context.Request.Cookies.TryGetValue(options.CookiePrefix + attemptId, out var value) || string.IsNullOrEmpty(value))
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
        context.Response.Cookies.Delete(options.CookiePrefix + attemptId, Options(context, options, provider, TimeSpan.Zero));

    private static CookieOptions Options(HttpContext context, AuthActorsEndpointOptions options, string provider, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = context.Request.PathBase + options.CallbackPath(provider),
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };
}
