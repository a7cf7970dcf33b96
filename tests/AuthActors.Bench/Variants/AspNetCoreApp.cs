using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthActors.Bench.Variants;

/// <summary>
/// ASP.NET Core's own OAuth handler in a Kestrel app: challenge (correlation cookie, encrypted state), then the
/// callback, which exchanges the code, fetches the user info (the documented <c>OnCreatingTicket</c> pattern, as
/// the engine identifies the user) and signs in with a cookie. Stateless on the server.
/// </summary>
internal static class AspNetCoreApp
{
    public static HostedApp Build(string providerUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = "dev";
            })
            .AddCookie()
            .AddOAuth("dev", o =>
            {
                o.ClientId = "dev-client";
                o.ClientSecret = "dev-secret";
                o.AuthorizationEndpoint = providerUrl + "/oauth2/authorize";
                o.TokenEndpoint = providerUrl + "/oauth2/token";
                o.CallbackPath = "/signin-dev";
                o.UsePkce = true;
                o.Scope.Add("profile");
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.UserInformationEndpoint = providerUrl + "/api/user";
                o.ClaimActions.MapJsonKey(System.Security.Claims.ClaimTypes.NameIdentifier, "sub");
                o.Events.OnCreatingTicket = async context =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", context.AccessToken);
                    using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                    response.EnsureSuccessStatusCode();
                    using var user = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted));
                    context.RunClaimActions(user.RootElement);
                };
                o.Backchannel = HostedApp.NewBackchannel();
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, ["dev"]));
        app.MapGet("/", () => "ok");
        return new HostedApp(app, "/login", null);
    }
}
