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
