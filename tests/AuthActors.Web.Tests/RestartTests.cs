using AuthActors.DevProvider;
using AuthActors.Web.Tests.Support;
using Microsoft.Playwright;

namespace AuthActors.Web.Tests;

/// <summary>
/// The web process is killed with SIGKILL while the browser is at the provider; a new process on the same
/// SQLite file takes the callback, and the login completes.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class RestartTests : IAsyncLifetime
{
    private DevProviderServer _provider = null!;
    private WebProcess _web = null!;
    private Microsoft.Playwright.IPlaywright _playwright = null!;
    private Microsoft.Playwright.IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _provider = await DevProviderServer.StartAsync(new DevProviderOptions { AutoApprove = false });
        _web = new WebProcess(_provider.BaseUrl);
        await _web.StartAsync();
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _web.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData("Dev OAuth 2")]
    [InlineData("Dev OAuth 1")]
    public async Task A_login_completes_after_the_web_process_is_killed_while_the_browser_is_at_the_provider(string provider)
    {
        await using var context = await _browser.NewContextAsync(new() { BaseURL = _web.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.ClickAsync($"text=Sign in with {provider}");
        await page.WaitForSelectorAsync("#approve");

        _web.KillHard();
        await _web.StartAsync();
        await page.ClickAsync("#approve");

        // The restarted process recovers the attempt from SQLite first; allow for a slow, busy machine. The profile
        // shown is the outcome, asked of the page rather than waited for as navigation events (see PageArrival).
        await page.ArriveAtAsync("/profile", "#profile", TimeSpan.FromSeconds(120), () =>
        {
            var logs = _web.Logs;
            return $"Web log (tail):\n{logs[Math.Max(0, logs.Length - 4000)..]}";
        });

        Assert.Equal("Hello, Dev User", await page.TextContentAsync("#profile"));
    }
}
