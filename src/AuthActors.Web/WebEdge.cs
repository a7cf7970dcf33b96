using System.Net;
using AuthActors.AspNetCore;
using AuthActors.Web.Pages;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuthActors.Web;

/// <summary>
/// The reference app's edge: the public origin, forwarded headers (off unless configured), the callback rate
/// limiter, HSTS and the security headers of every response. Configuration keys:
/// <list type="bullet">
/// <item><c>AuthActors:PublicOrigin</c>: the origin providers send browsers back to (<c>https://login.example.com</c>).</item>
/// <item><c>AuthActors:ForwardedHeaders:Enabled</c> (false), <c>:KnownProxies</c> (IP addresses), <c>:KnownNetworks</c>
/// (CIDR): trust X-Forwarded-For/-Proto/-Host from those proxies (loopback always).</item>
/// <item><c>AuthActors:RateLimit:Enabled</c> (true), <c>:PermitLimit</c> (60), <c>:Window</c> (00:00:10): callbacks per client IP.</item>
/// <item><c>AuthActors:Endpoints:*</c>: the rest of <see cref="AuthActorsEndpointOptions"/> (for example <c>MaxCallbackBodySize</c>).</item>
/// </list>
/// </summary>
internal static class WebEdge
{
    public static void AddWebEdge(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var publicOrigin = configuration["AuthActors:PublicOrigin"];
        if (!string.IsNullOrEmpty(publicOrigin) &&
            (!Uri.TryCreate(publicOrigin, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https") || origin.Query.Length > 0 || origin.Fragment.Length > 0))
        {
            throw new InvalidOperationException($"AuthActors:PublicOrigin must be an absolute http(s) URL without query, like https://login.example.com; got '{publicOrigin}'.");
        }

        var rateLimit = configuration.GetSection("AuthActors:RateLimit").Get<CallbackRateLimitOptions>() ?? new CallbackRateLimitOptions();
        if (rateLimit.Enabled)
        {
            builder.Services.AddAuthActorsCallbackRateLimit(rateLimit);
        }

        var development = builder.Environment.IsDevelopment();
        builder.Services.Configure<AuthActorsEndpointOptions>(o =>
        {
            configuration.GetSection("AuthActors:Endpoints").Bind(o);
            o.PublicOrigin = string.IsNullOrEmpty(publicOrigin) ? o.PublicOrigin : publicOrigin;
            o.SecureCookies = !development;
            o.CallbackRateLimitPolicy = rateLimit.Enabled ? CallbackRateLimitOptions.PolicyName : null;
        });

        var forwarded = configuration.GetSection("AuthActors:ForwardedHeaders");
        if (forwarded.GetValue<bool>("Enabled"))
        {
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                foreach (var proxy in forwarded.GetSection("KnownProxies").Get<string[]>() ?? [])
                {
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in forwarded.GetSection("KnownNetworks").Get<string[]>() ?? [])
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            });
        }
    }

    /// <summary>The rate limiter middleware (after routing), when <c>AuthActors:RateLimit:Enabled</c> is not false.</summary>
    public static void UseCallbackRateLimiter(this WebApplication app)
    {
        if (app.Configuration.GetValue("AuthActors:RateLimit:Enabled", true))
        {
            app.UseRateLimiter();
        }
    }

    public static void UseWebEdge(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("AuthActors:ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                EdgeHeaders.Apply(context.Response, Html.ContentSecurityPolicy);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
