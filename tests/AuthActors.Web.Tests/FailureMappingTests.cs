using AuthActors.AspNetCore;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Web.Tests;

/// <summary>
/// The web layer's translation of engine failures, without the engine: a fake <see cref="IAuthFlows"/> answers
/// Busy or AlreadyCompleted (the engine side that produces them is built elsewhere).
/// </summary>
public sealed class FailureMappingTests
{
    [Fact]
    public void Busy_maps_to_503_with_a_retry_after_and_already_completed_to_409()
    {
        Assert.Equal(503, FailureDescriptions.StatusCodeOf(FailureReason.Busy));
        Assert.Equal(1, FailureDescriptions.RetryAfterSecondsOf(FailureReason.Busy, TimeSpan.FromSeconds(1)));
        Assert.Equal(3, FailureDescriptions.RetryAfterSecondsOf(FailureReason.Busy, TimeSpan.FromMilliseconds(2500)));
        Assert.Null(FailureDescriptions.RetryAfterSecondsOf(FailureReason.Denied, TimeSpan.FromSeconds(1)));
        Assert.Equal(409, FailureDescriptions.StatusCodeOf(FailureReason.AlreadyCompleted));
        Assert.Equal("This sign-in link was already used", FailureDescriptions.TitleOf(FailureReason.AlreadyCompleted));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    public async Task A_busy_provider_at_login_is_answered_503_with_retry_after_and_no_cookie(string? accept)
    {
        var context = NewContext(accept);
        var endpoints = new LoginEndpoints(new AuthActorsEndpointOptions { BusyRetryAfter = TimeSpan.FromSeconds(2) });

        var result = await endpoints.LoginAsync(context, "dev", "/profile", new FakeFlows(FailureReason.Busy));
        await result.ExecuteAsync(context);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.False(context.Response.Headers.ContainsKey("Set-Cookie"));
        Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"].ToString());
    }

    [Fact]
    public async Task A_replayed_callback_after_completion_goes_to_the_already_used_page_without_signing_in()
    {
        var context = NewContext(null);
        context.Request.QueryString = new QueryString("?code=c&state=s");
        var endpoints = new LoginEndpoints(new AuthActorsEndpointOptions());

        // No authentication service is registered: signing in would throw.
        var result = await endpoints.CallbackAsync(context, "dev", new FakeFlows(FailureReason.AlreadyCompleted));
        await result.ExecuteAsync(context);

        Assert.Equal(302, context.Response.StatusCode);
        Assert.Equal("/error?reason=AlreadyCompleted&provider=dev", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public void On_https_the_binding_cookie_is_host_prefixed_secure_and_path_root()
    {
        var context = NewContext(null);
        context.Request.Scheme = "https";
        var options = new AuthActorsEndpointOptions();

        BindingCookie.Write(context, options, "dev", "attempt1", "secret", "/", TimeSpan.FromMinutes(1));

        var cookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("__Host-__aa_attempt1=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void On_http_outside_development_the_binding_cookie_is_secure_and_scoped_to_the_callback()
    {
        var context = NewContext(null);
        BindingCookie.Write(context, new AuthActorsEndpointOptions { SecureCookies = true }, "dev", "attempt1", "secret", "/", TimeSpan.FromMinutes(1));

        var cookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("__aa_attempt1=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/auth/dev/callback", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/%C3%A9t%C3%A9", "/%C3%A9t%C3%A9")]
    [InlineData("/été?x=ü", "/%C3%A9t%C3%A9?x=%C3%BC")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/x\r\nSet-Cookie: a=b", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void Return_urls_are_local_and_ascii_or_the_fallback(string url, string expected) => Assert.Equal(expected, ReturnUrls.LocalOr(url, "/"));

    private static DefaultHttpContext NewContext(string? accept)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:5000");
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        return context;
    }

    private sealed class FakeFlows(FailureReason reason) : IAuthFlows
    {
        public IReadOnlyList<ProviderInfo> Providers { get; } = [new("dev", "Dev", 2)];

        public Task<BeginResult> BeginAsync(string provider, string redirectUri, BeginOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new BeginResult("a1", null, null, "secret", new AuthorizationAttempt.Failed("a1", reason)));

        public Task<CompleteResult> CompleteAsync(string provider, string? attemptId, IReadOnlyList<KeyValuePair<string, string>> callbackParameters,
            string? bindingSecret, CancellationToken cancellationToken = default) =>
            Task.FromResult(new CompleteResult(attemptId ?? "a1", null, new AuthorizationAttempt.Failed(attemptId ?? "a1", reason)));

        public Task<Engine.Statistics.AttemptStatistics.Snapshot> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<AuthorizationAttempt.Status> GetStatusAsync(string provider, string attemptId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public string? AttemptIdOf(string provider, IReadOnlyList<KeyValuePair<string, string>> callbackParameters) => "a1";
    }
}
