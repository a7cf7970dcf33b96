using System.Net;
using System.Net.Sockets;
using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>
/// The edge of the reference app in Development over real HTTP: return URLs, error and 404 pages, forwarded
/// headers ignored unless configured, security headers, and the per-IP callback rate limit.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class EdgeTests(WebFixture fx) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task A_non_ascii_return_url_survives_the_login_as_a_percent_encoded_location()
    {
        var trace = await HttpLogin.RunAsync(fx.Web.BaseUrl, "/login/dev-oauth2?returnUrl=/%C3%A9t%C3%A9");

        Assert.Equal(HttpStatusCode.Redirect, trace.Callback.StatusCode);
        Assert.Equal("/%C3%A9t%C3%A9", trace.Callback.Headers.Location!.OriginalString);
        Assert.Contains(trace.Callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("authactors.session=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/x%0D%0ASet-Cookie:%20a=b")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task A_hostile_return_url_falls_back_to_the_default(string returnUrl)
    {
        var trace = await HttpLogin.RunAsync(fx.Web.BaseUrl, "/login/dev-oauth2?returnUrl=" + returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, trace.Callback.StatusCode);
        Assert.Equal("/", trace.Callback.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/error")]
    [InlineData("/error?reason=NoSuchReason")]
    [InlineData("/error?reason=12345")]
    public async Task The_error_page_without_a_known_reason_is_the_generic_page_with_400(string path)
    {
        using var response = await HttpLogin.Client(fx.Web.BaseUrl).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_already_used_page_says_so_with_409()
    {
        using var response = await HttpLogin.Client(fx.Web.BaseUrl).GetAsync("/error?reason=AlreadyCompleted&provider=dev-oauth2");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("This sign-in link was already used", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_the_sites_own_404_page_or_problem_json()
    {
        using var client = HttpLogin.Client(fx.Web.BaseUrl);
        using var page = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("<header><a href=\"/\">AuthActors</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Status Code: 404", html, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_unless_configured()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login/dev-oauth2");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await HttpLogin.Client(fx.Web.BaseUrl).SendAsync(request);

        Assert.Equal(fx.Web.BaseUrl + "/auth/dev-oauth2/callback", HttpLogin.QueryValue(response.Headers.Location!, "redirect_uri"));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__aa_", cookie, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // Development, plain HTTP
    }

    [Theory]
    [InlineData("/", "default-src 'self'")]
    [InlineData("/error?reason=Denied", "default-src 'self'")]
    [InlineData("/login/dev-oauth2", "default-src 'none'")]
    [InlineData("/auth/dev-oauth2/callback?code=c&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "default-src 'none'")]
    public async Task Pages_login_and_callback_carry_the_security_headers(string path, string defaultSrc)
    {
        using var response = await HttpLogin.Client(fx.Web.BaseUrl).GetAsync(path);

        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.StartsWith(defaultSrc, csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_bogus_callbacks_from_one_client_gets_429s_while_a_real_login_completes()
    {
        // The flood comes from 127.0.0.2, the browser from 127.0.0.1: two clients, two partitions.
        using var flood = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri(fx.Web.BaseUrl) };
        // All at once, so they land within two fixed 10 s windows at most even when each callback is slow on a busy
        // machine: 130 is more than two windows' 60 permits.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 130)
            .Select(_ => flood.GetAsync($"/auth/dev-oauth2/callback?code=c&state={Guid.NewGuid():N}{Guid.NewGuid():N}"[..60])));

        var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 10, 129);
        Assert.All(limited, r => Assert.True(int.Parse(string.Join(",", r.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) >= 1));

        await using var context = await fx.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", new Microsoft.Playwright.PageGotoOptions { WaitUntil = Microsoft.Playwright.WaitUntilState.Commit });
        await page.ClickAsync("text=Sign in with Dev OAuth 2");
        await page.ArriveAtAsync("/profile", "#profile");
    }
}
