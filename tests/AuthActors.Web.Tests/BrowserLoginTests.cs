using System.Text.RegularExpressions;
using AuthActors.DevProvider;
using AuthActors.Web.Tests.Support;
using Microsoft.Playwright;

namespace AuthActors.Web.Tests;

/// <summary>The reference frontend in real Chromium against real Kestrel: the scenarios users go through.</summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class BrowserLoginTests(WebFixture fx) : IClassFixture<WebFixture>, IDisposable
{
    public void Dispose() => fx.Reset();

    // Where a login ends is asked of the page (PageArrival), not waited for as navigation events: on a busy machine
    // Chromium has lost or delayed those with the page already there.
    private const string SignInLink = "text=Sign in with Dev OAuth 2";

    private static async Task<IPage> SignInAsync(IBrowserContext context, string displayName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.ClickAsync($"text=Sign in with {displayName}");
        return page;
    }

    [Theory]
    [InlineData("Dev OAuth 2", "profile-oauth2.png")]
    [InlineData("Dev OAuth 1", "profile-oauth1.png")]
    public async Task Signing_in_shows_the_profile_with_user_info_and_token_metadata_but_not_the_token(string provider, string screenshot)
    {
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, provider);

        await page.ArriveAtAsync("/profile", "#profile");
        Assert.Equal("Hello, Dev User", await page.TextContentAsync("#profile"));
        Assert.Equal(provider, await page.TextContentAsync("#provider"));
        Assert.Contains("dev@example.test", await page.TextContentAsync("#claims"), StringComparison.Ordinal);
        var token = await page.TextContentAsync("#token");
        Assert.Contains(provider.EndsWith('2') ? "Bearer" : "OAuth 1.0a", token, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name.StartsWith("__aa_", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf(screenshot), FullPage = true });
    }

    [Fact]
    public async Task The_profile_calls_the_API_with_the_vaults_token_and_a_401_refreshes_once_and_retries()
    {
        // A token outside the vault's 60 s refresh leeway: handed out as it is, until the provider calls it expired.
        fx.Provider.Knobs.Set("dev-client", new DevClientKnobs { AccessTokenLifetime = TimeSpan.FromSeconds(90) });
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, "Dev OAuth 2");
        await page.ArriveAtAsync("/profile", "#profile");
        fx.Provider.Knobs.ClearAll();
        Assert.Equal("Active", await page.TextContentAsync("#grant-status"));
        Assert.StartsWith("0 time", await page.TextContentAsync("#grant-refreshes"));
        var rotations = fx.Provider.Counters.RefreshRotations;

        fx.Provider.Options.Clock = new OffsetClock(TimeSpan.FromMinutes(2));
        await page.ClickAsync("#call-api");
        await page.WaitForSelectorAsync("#api-status, #api-error");

        Assert.Equal("HTTP 200", await page.TextContentAsync("#api-status"));
        Assert.Contains("Dev User", await page.TextContentAsync("#api-body"), StringComparison.Ordinal);
        Assert.Equal(rotations + 1, fx.Provider.Counters.RefreshRotations);
        Assert.StartsWith("1 time", await page.TextContentAsync("#grant-refreshes"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("profile-grant.png"), FullPage = true });

        var revocations = fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Revoke);
        await page.ClickAsync("text=Sign out");
        // The grant is revoked before the sign-out answers, so the page it redirects to is enough.
        await page.ArriveAtAsync("/", SignInLink);
        Assert.Equal(revocations + 1, fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Revoke));
    }

    [Fact]
    public async Task The_profile_calls_an_OAuth1_API_with_a_signed_request()
    {
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, "Dev OAuth 1");
        await page.ArriveAtAsync("/profile", "#profile");

        await page.ClickAsync("#call-api");
        await page.WaitForSelectorAsync("#api-status, #api-error");

        Assert.Equal("HTTP 200", await page.TextContentAsync("#api-status"));
        Assert.Contains("Dev User", await page.TextContentAsync("#api-body"), StringComparison.Ordinal);
        Assert.Equal("Active", await page.TextContentAsync("#grant-status"));
    }

    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }

    [Theory]
    [InlineData("Dev OpenID Connect", "profile-oidc.png")]
    [InlineData("Env OIDC", "profile-oidc-env.png")]
    public async Task Signing_in_with_OpenID_Connect_shows_the_validated_id_token_claims(string provider, string screenshot)
    {
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, provider);

        // The first OpenID login of the process also fetches the metadata and keys: allow a busy machine time for it.
        await page.ArriveAtAsync("/profile", "#subject", TimeSpan.FromSeconds(90));
        Assert.Equal("dev-user-1", await page.TextContentAsync("#subject"));
        Assert.Equal(fx.Provider.Issuer, await page.TextContentAsync("#issuer"));
        var idToken = await page.TextContentAsync("#id-token");
        foreach (var claim in new[] { "iss", "aud", "nonce", "at_hash", "exp" })
        {
            Assert.Contains(claim, idToken, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("eyJ", await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf(screenshot), FullPage = true });
    }

    [Fact]
    public async Task An_id_token_with_a_wrong_nonce_ends_on_the_error_page_not_signed_in()
    {
        fx.Provider.Knobs.Set("dev-client", new DevClientKnobs { IdTokenFault = DevIdTokenFault.NonceWrong });
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, "Dev OpenID Connect");

        await page.ArriveAtAsync("/error", "#error");
        Assert.Contains("IdTokenInvalid", page.Url, StringComparison.Ordinal);
        var response = await page.GotoAsync("/profile");
        Assert.DoesNotMatch(new Regex("/profile$"), page.Url);
    }

    [Fact]
    public async Task The_back_button_after_sign_in_keeps_the_user_signed_in_without_an_error()
    {
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, "Dev OAuth 2");
        await page.ArriveAtAsync("/profile", "#profile");
        var exchanges = fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        // History holds the page before the login (the redirect chain collapses into the profile entry).
        await page.GoBackAsync(new PageGoBackOptions { WaitUntil = WaitUntilState.Commit });
        await page.ArriveAtAsync("/", SignInLink);
        Assert.Null(await page.QuerySelectorAsync("#error"));
        await page.GoForwardAsync(new PageGoForwardOptions { WaitUntil = WaitUntilState.Commit });

        await page.ArriveAtAsync("/profile", "#profile");
        Assert.Equal("Hello, Dev User", await page.TextContentAsync("#profile"));
        Assert.Equal(exchanges, fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    [Fact]
    public async Task Two_tabs_signing_in_at_once_both_complete()
    {
        fx.Provider.Options.AutoApprove = false;
        await using var context = await fx.NewContextAsync();
        var first = await SignInAsync(context, "Dev OAuth 2");
        var second = await SignInAsync(context, "Dev OAuth 1");
        await first.WaitForSelectorAsync("#approve");
        await second.WaitForSelectorAsync("#approve");

        await second.ClickAsync("#approve");
        await first.ClickAsync("#approve");

        await first.ArriveAtAsync("/profile", "#profile");
        await second.ArriveAtAsync("/profile", "#profile");
        Assert.NotNull(await first.QuerySelectorAsync("#profile"));
        Assert.NotNull(await second.QuerySelectorAsync("#profile"));
    }

    [Fact]
    public async Task A_callback_opened_in_another_browser_without_the_cookie_fails_with_the_binding_error()
    {
        fx.Provider.Options.AutoApprove = false;
        await using var victim = await fx.NewContextAsync();
        var page = await SignInAsync(victim, "Dev OAuth 2");
        await page.WaitForSelectorAsync("#approve");
        // Let the provider answer the consent, but keep its redirect: the callback URL leaves with the "attacker".
        string? callbackUrl = null;
        await page.RouteAsync("**/oauth2/consent", async route =>
        {
            var answer = await route.FetchAsync(new RouteFetchOptions { MaxRedirects = 0 });
            callbackUrl = answer.Headers["location"];
            await route.FulfillAsync(new RouteFulfillOptions { Status = 204 });
        });
        await page.EvaluateAsync("() => setTimeout(() => document.getElementById('approve').click(), 0)");
        await WaitUntil(() => callbackUrl is not null);

        await using var attacker = await fx.NewContextAsync();
        var stolen = await attacker.NewPageAsync();
        var response = await stolen.GotoAsync(callbackUrl!);

        Assert.Equal(400, response!.Status);
        Assert.Equal("BindingMismatch", await stolen.GetAttributeAsync("#error", "data-reason"));

        // The login itself is untouched: the browser that started it still completes it.
        await page.UnrouteAllAsync();
        await page.GotoAsync(callbackUrl!);
        await page.ArriveAtAsync("/profile", "#profile");
    }

    [Fact]
    public async Task Denying_consent_shows_a_friendly_error()
    {
        fx.Provider.Options.AutoApprove = false;
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, "Dev OAuth 2");
        await page.ClickAsync("#deny");

        await page.WaitForSelectorAsync("#error");
        Assert.Equal("Denied", await page.GetAttributeAsync("#error", "data-reason"));
        Assert.Contains("declined", await page.TextContentAsync("#error"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dev OAuth 1", "dev-consumer", "TransportFailure")]
    [InlineData("Dev OAuth 2", "dev-client", "HttpError")]
    public async Task A_provider_that_is_down_shows_a_friendly_error_not_a_stack_trace(string provider, string client, string reason)
    {
        fx.Provider.Knobs.Set(client, client == "dev-consumer" ? new DevClientKnobs { DropRate = 1 } : new DevClientKnobs { ErrorRate = 1 });
        await using var context = await fx.NewContextAsync();
        var page = await SignInAsync(context, provider);

        await page.WaitForSelectorAsync("#error");
        Assert.Equal(reason, await page.GetAttributeAsync("#error", "data-reason"));
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_page_shows_live_counts_per_provider_and_failures_by_reason()
    {
        await using var context = await fx.NewContextAsync();
        var login = await SignInAsync(context, "Dev OAuth 2");
        await login.ArriveAtAsync("/profile", "#profile");
        var status = await context.NewPageAsync();
        await status.GotoAsync("/status");

        var exchanged = status.Locator("tr[data-provider='dev-oauth2'] td[data-col='Exchanged']");
        await Assertions.Expect(exchanged).Not.ToHaveTextAsync("0");

        // A callback without its binding cookie is refused; it shows up by reason and in the recent list.
        await (await context.NewPageAsync()).GotoAsync("/auth/dev-oauth2/callback?code=c&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await status.ReloadAsync();
        await Assertions.Expect(status.Locator("#reasons tr[data-reason='BindingMismatch']")).ToHaveCountAsync(1);
        await Assertions.Expect(status.Locator("#recent")).ToContainTextAsync("BindingMismatch");

        // The chart of the last five minutes: the login as a completed column, the refusal stacked by its reason.
        // (Other tests of this web process may have had refusals of their own in earlier intervals.)
        await Assertions.Expect(status.Locator("#chart rect[data-series='BindingMismatch']")).Not.ToHaveCountAsync(0);
        var completed = await status.Locator("#chart rect[data-series='completed']").EvaluateAllAsync<double[]>("rs => rs.map(r => +r.dataset.value)");
        Assert.Equal(60, completed.Length);
        Assert.Contains(completed, v => v > 0);
        await Assertions.Expect(status.Locator("#chart text[data-legend='BindingMismatch']")).ToHaveCountAsync(1);
        await status.Locator("#chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Artifacts.PathOf("status-chart.png") });
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
