using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.AspNetCore;
using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>The endpoints over plain HTTP: cookie attributes, open redirects, problem details.</summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class EndpointTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(fx.Web.BaseUrl) };

    [Fact]
    public async Task Login_sets_an_HttpOnly_lax_binding_cookie_scoped_to_the_callback_and_redirects_to_the_provider()
    {
        using var response = await Client().GetAsync("/login/dev-oauth2?returnUrl=/profile");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(fx.Provider.OAuth2AuthorizeUrl, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__aa_", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/auth/dev-oauth2/callback", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP on loopback
    }

    [Fact]
    public async Task A_callback_without_a_cookie_gets_problem_details_when_json_is_asked_for()
    {
        var client = Client();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var response = await client.GetAsync("/auth/dev-oauth2/callback?code=c&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("BindingMismatch", (string?)problem!["reason"]);
        Assert.DoesNotContain("   at ", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_a_friendly_404()
    {
        using var response = await Client().GetAsync("/login/nope");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/error?reason=UnknownProvider&provider=nope", response.Headers.Location!.ToString());
        using var page = await Client().GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Theory]
    [InlineData("/profile", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example/x", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("", false)]
    public void Only_local_return_urls_are_accepted(string url, bool local) => Assert.Equal(local, ReturnUrls.IsLocal(url));

    [Fact]
    public async Task The_health_endpoint_reports_the_engine_alive()
    {
        using var response = await Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_readiness_endpoint_reports_the_engine_ready()
    {
        // Ready: the actor system runs, the journal (SQLite) answers a recovery, the OpenID providers' metadata is fresh.
        using var response = await Client().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Profile_without_a_session_challenges_through_the_provider_chooser()
    {
        using var response = await Client().GetAsync("/profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?returnUrl=%2Fprofile", response.Headers.Location!.ToString());
    }
}
