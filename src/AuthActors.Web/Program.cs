// The reference frontend. With the defaults it serves http://127.0.0.1:5000 and runs the engine in-process on
// SQLite; in the Development environment (launchSettings.json, so `dotnet run`) it also embeds the DevProvider on
// http://127.0.0.1:5100: "Dev OAuth 2", "Dev OAuth 1" and "Dev OpenID Connect" work with no setup. In a cluster
// (AuthActors:Cluster:Enabled) it is a frontend: PostgreSQL and the cluster packages are wired, used when configured.
using AuthActors;
using AuthActors.AspNetCore;
using AuthActors.AspNetCore.Authentication;
using AuthActors.DevProvider;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Vault;
using AuthActors.Hosting;
using AuthActors.Hosting.Cluster;
using AuthActors.Hosting.Health;
using AuthActors.Hosting.PostgreSql;
using AuthActors.Web;
using AuthActors.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// The host's default appsettings.json reload watches the whole content root, recursively, and the SQLite journal
// (data/) lies in it: every journal write would wake that watcher. Our configuration (config/) never reloads, so
// turn it off; a later --hostBuilder:reloadConfigOnChange=true on the command line still wins.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddAuthActorsConfiguration(ProjectRoot.Find(builder.Environment.ContentRootPath), args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5000");
}

// Metrics and traces of the AuthActors meter and source: OTLP when AuthActors:Telemetry:OtlpEndpoint is set,
// the console when AuthActors:Telemetry:Console is true.
builder.Services.AddAuthActors(builder.Configuration).AddPostgreSql().AddCluster().WithOpenTelemetry(builder.Configuration);
builder.Services.AddAuthActorsDevProvider(builder.Configuration);
builder.AddWebEdge();

// Cookies must stay readable across restarts (and, in a farm, across frontends): keep the keys with the data.
var root = builder.Configuration["AuthActors:RootDirectory"] ?? builder.Environment.ContentRootPath;
var keys = Path.Combine(root, builder.Configuration["AuthActors:DataDirectory"] ?? "data", "keys");
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("AuthActors.Web");
builder.Services
    .AddAuthentication(o =>
    {
        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.DefaultChallengeScheme = AuthActorsAuthenticationDefaults.AuthenticationScheme;
    })
    .AddCookie(o =>
    {
        o.Cookie.Name = "authactors.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        // Secure everywhere but in development (browsers accept Secure cookies from http://localhost too).
        o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    })
    .AddAuthActors(o => o.DefaultProvider = builder.Configuration["Web:DefaultProvider"]);
builder.Services.AddAuthorization();
// The profile page's "Call the API": one IHttpClientFactory client per provider, carrying the user's token from the vault.
foreach (var provider in builder.Configuration.GetSection("AuthActors:Providers").GetChildren())
{
    builder.Services.AddHttpClient(ProfilePage.ApiClientName(provider.Key)).AddAuthActorsToken(provider.Key);
}

var app = builder.Build();
if (!AuthActorsConfigurationCheck.Validate(app.Services, Console.Error))
{
    return AuthActorsConfigurationCheck.InvalidConfigurationExitCode;
}

app.UseWebEdge();
app.UseExceptionHandler(error => error.Run(context => ErrorPage.Generic(StatusCodes.Status500InternalServerError).ExecuteAsync(context)));
app.UseStatusCodePages(StatusCodePage.HandleAsync);
app.UseRouting();
app.UseCallbackRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthActors();
app.MapGet("/", HomePage.Render);
app.MapGet("/profile", (Delegate)ProfilePage.Render).RequireAuthorization();
app.MapPost("/profile/api", (Delegate)ProfilePage.CallApi).RequireAuthorization().DisableAntiforgery();
app.MapPost("/signout", async (HttpContext context, ITokenVault vault) =>
{
    // Sign-out forgets the grant: revoked at the provider (RFC 7009) where it can be, and deleted from the vault.
    if (context.User.FindFirst(LoginPrincipal.ProviderClaim)?.Value is { } provider
        && context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } subject)
    {
        await vault.RevokeAsync(provider, subject, context.RequestAborted);
    }

    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    return Results.Redirect("/");
}).DisableAntiforgery();
app.MapGet("/error", ErrorPage.Render);
app.MapGet("/status", StatusPage.Render);
app.MapGet("/status.json", StatusPage.Json);
// /healthz: alive (the actor system runs). /readyz: ready for logins (the journal answers, in a cluster the member
// is Up, the OpenID providers' metadata is fresh; a provider without metadata is Degraded, still 200).
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(EngineHealthChecks.Live) });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(EngineHealthChecks.Ready) });
app.Run();
return 0;
