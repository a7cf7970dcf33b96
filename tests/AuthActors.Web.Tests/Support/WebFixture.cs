using AuthActors.DevProvider;
using Microsoft.Playwright;

namespace AuthActors.Web.Tests.Support;

/// <summary>One DevProvider, one web frontend process and one Chromium for a class of browser tests.</summary>
public sealed class WebFixture : IAsyncLifetime
{
    public DevProviderServer Provider { get; private set; } = null!;

    public WebProcess Web { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await DevProviderServer.StartAsync();
        Web = new WebProcess(Provider.BaseUrl);
        // A provider defined by environment variables alone: its metadata URL, a client id and secret, a scope.
        Web.Environment["AuthActors__Providers__envoidc__DisplayName"] = "Env OIDC";
        Web.Environment["AuthActors__Providers__envoidc__ServerMetadataUrl"] = Provider.OidcDiscoveryUrl;
        Web.Environment["AuthActors__Providers__envoidc__ClientId"] = "dev-client";
        Web.Environment["AuthActors__Providers__envoidc__ClientSecret"] = "dev-secret";
        Web.Environment["AuthActors__Providers__envoidc__Scope"] = "openid profile email";
        // A short deadline for callback bodies, so the stalled-upload test does not wait 10 s.
        Web.Environment["AuthActors__Endpoints__CallbackBodyTimeout"] = "00:00:02";
        var web = Web.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(Playwright);
        await web;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Web.DisposeAsync();
        await Provider.DisposeAsync();
    }

    /// <summary>A fresh browser profile (no cookies), with the frontend as base URL.</summary>
    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Web.BaseUrl });

    public void Reset()
    {
        Provider.Knobs.ClearAll();
        Provider.Options.AutoApprove = true;
        Provider.Options.Clock = TimeProvider.System;
    }
}
