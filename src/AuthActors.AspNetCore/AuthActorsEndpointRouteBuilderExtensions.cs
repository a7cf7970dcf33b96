using AuthActors.Engine.Flows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.AspNetCore;

/// <summary>Maps the AuthActors login and callback endpoints.</summary>
public static class AuthActorsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /login/{provider}</c> (begins a login, sets the binding cookie, redirects to the provider)
    /// and <c>GET|POST /auth/{provider}/callback</c> (completes it; POST serves <c>response_mode=form_post</c>).
    /// The app needs <c>AddAuthActors(...)</c> (the engine, or a cluster frontend) registered.
    /// </summary>
    /// <example>
    /// <code>
    /// app.MapAuthActors();                                   // default routes
    /// app.MapAuthActors(o => o.CallbackPattern = "/signin-{provider}");
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapAuthActors(this IEndpointRouteBuilder endpoints, Action<AuthActorsEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetService<Microsoft.Extensions.Options.IOptions<AuthActorsEndpointOptions>>()?.Value ?? new AuthActorsEndpointOptions();
        configure?.Invoke(options);
        var handlers = new LoginEndpoints(options);
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(options.LoginPattern, (HttpContext context, string provider, string? returnUrl, IAuthFlows flows) => handlers.LoginAsync(context, provider, returnUrl, flows));
        var callback = group.MapMethods(options.CallbackPattern, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, string provider, IAuthFlows flows) => handlers.CallbackAsync(context, provider, flows))
            .DisableAntiforgery();
        if (options.CallbackRateLimitPolicy is { } policy)
        {
            callback.RequireRateLimiting(policy);
        }

        return group;
    }
}
