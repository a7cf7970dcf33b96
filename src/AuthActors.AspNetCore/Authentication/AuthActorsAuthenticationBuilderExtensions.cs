using AuthActors.AspNetCore.Authentication;

// Placed in the namespace of AuthenticationBuilder, as ASP.NET Core's own AddCookie/AddOAuth are.
namespace Microsoft.AspNetCore.Authentication;

/// <summary>Adds the AuthActors scheme to ASP.NET Core authentication.</summary>
public static class AuthActorsAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the <c>AuthActors</c> challenge scheme: <c>[Authorize]</c> and <c>Challenge()</c> send users through
    /// the engine's login, and <c>MapAuthActors()</c> signs them into the app's cookie scheme when it completes.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication(o =>
    ///     {
    ///         o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    ///         o.DefaultChallengeScheme = AuthActorsAuthenticationDefaults.AuthenticationScheme;
    ///     })
    ///     .AddCookie()
    ///     .AddAuthActors(o => o.DefaultProvider = "github");
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddAuthActors(this AuthenticationBuilder builder, Action<AuthActorsAuthenticationOptions>? configure = null) =>
        builder.AddScheme<AuthActorsAuthenticationOptions, AuthActorsAuthenticationHandler>(
            AuthActorsAuthenticationDefaults.AuthenticationScheme, "AuthActors", configure);
}
