using System.Net;
using AuthActors.DevProvider;
using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>
/// The reference app as in production behind a TLS-terminating proxy: environment Production,
/// <c>AuthActors:PublicOrigin=https://login.example.test</c>, forwarded headers enabled (the test client on
/// loopback plays the proxy). Checks the callback URL cannot be steered by Host, and the HTTPS cookie and
/// header attributes.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class HttpsEdgeTests : IAsyncLifetime
{
    private const string PublicOrigin = "https://login.example.test";
    private DevProviderServer _provider = null!;
    private WebProcess _web = null!;

    public async Task InitializeAsync()
    {
        // The DevProvider accepts loopback redirect URIs by itself; the public one is registered, as at a real provider.
        var options = new DevProviderOptions();
        options.OAuth2Clients[0].RedirectUris.Add(PublicOrigin + "/auth/dev-oauth2/callback");
        _provider = await DevProviderServer.StartAsync(options);
        _web = new WebProcess(_provider.BaseUrl);
        _web.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _web.Environment["AuthActors__PublicOrigin"] = PublicOrigin;
        _web.Environment["AuthActors__ForwardedHeaders__Enabled"] = "true";
        await _web.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_forged_host_header_cannot_change_the_redirect_uri_sent_to_the_provider()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login/dev-oauth2");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await HttpLogin.Client(_web.BaseUrl).SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PublicOrigin + "/auth/dev-oauth2/callback", HttpLogin.QueryValue(response.Headers.Location!, "redirect_uri"));
    }

    [Fact]
    public async Task Over_https_the_binding_cookie_is_host_prefixed_and_the_session_cookie_secure_with_hsts()
    {
        var trace = await HttpLogin.RunAsync(_web.BaseUrl, "/login/dev-oauth2?returnUrl=/profile", r =>
        {
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-Host", "login.example.test");
        });

        var binding = Assert.Single(trace.Login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-__aa_", binding, StringComparison.Ordinal);
        Assert.Contains("; path=/;", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", binding, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", binding, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(PublicOrigin + "/auth/dev-oauth2/callback?", trace.CallbackUrl, StringComparison.Ordinal);
        Assert.Contains("max-age=", string.Join(",", trace.Login.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        Assert.Equal("/profile", trace.Callback.Headers.Location!.OriginalString);
        var cookies = trace.Callback.Headers.GetValues("Set-Cookie").ToList();
        var session = Assert.Single(cookies, c => c.StartsWith("authactors.session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(cookies, c => c.StartsWith("__Host-__aa_", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_plain_http_in_production_the_session_and_binding_cookies_are_still_secure()
    {
        using var response = await HttpLogin.Client(_web.BaseUrl).GetAsync("/login/dev-oauth2");

        var binding = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("; secure", binding, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }
}
