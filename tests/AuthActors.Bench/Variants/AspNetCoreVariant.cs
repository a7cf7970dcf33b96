using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthActors.Bench.Variants;

/// <summary>
/// ASP.NET Core's own OAuth handler in a Kestrel app: challenge (correlation cookie, encrypted state), then the
/// callback, which exchanges the code and signs in with a cookie. Stateless on the server.
/// </summary>
internal sealed class AspNetCoreVariant : IVariant
{
    private WebApplication _app = null!;
    private string _baseUrl = null!;

    public string Name => "aspnetcore";

    public async Task StartAsync(DevProviderProcess provider, BenchOptions options)
    {
        _baseUrl = $"http://127.0.0.1:{DevProviderProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(_baseUrl);
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
                o.AuthorizationEndpoint = provider.BaseUrl + "/oauth2/authorize";
                o.TokenEndpoint = provider.BaseUrl + "/oauth2/token";
                o.CallbackPath = "/signin-dev";
                o.UsePkce = true;
                o.Scope.Add("profile");
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Backchannel = UserAgent.NewBackchannel();
            });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, ["dev"]));
        _app.MapGet("/", () => "ok");
        await _app.StartAsync();
    }

    public async Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync()
    {
        var browser = new UserAgent();
        var watch = Stopwatch.StartNew();
        var (_, authorize) = await browser.GetAsync(_baseUrl + "/login");
        var begin = watch.Elapsed;
        var callback = await UserAgent.ApproveAsync(authorize!);
        watch.Restart();
        var (status, location) = await browser.GetAsync(callback);
        if (status != 302 || location != _baseUrl + "/")
        {
            throw new InvalidOperationException($"The callback answered {status} {location}.");
        }

        return (begin, watch.Elapsed);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
