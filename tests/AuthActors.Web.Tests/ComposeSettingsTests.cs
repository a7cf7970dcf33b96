using System.Net;
using System.Text.RegularExpressions;
using AuthActors.DevProvider;
using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>
/// docker-compose.yml's provider settings, run with processes on loopback (no Docker engine here): the DevProvider
/// names the browsers' origin as its issuer (its <c>--issuer</c> in the compose file) while the web process calls it
/// under another name, as the containers do. <c>localhost:5100</c> (browsers) becomes <c>localhost:{port}</c> and
/// <c>devprovider:5100</c> (the compose network) becomes <c>127.0.0.1:{port}</c>: two names for one server.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed partial class ComposeSettingsTests : IAsyncLifetime
{
    private readonly int _port = WebProcess.FreePort();
    private DevProviderServer _provider = null!;
    private WebProcess _web = null!;

    public async Task InitializeAsync()
    {
        var compose = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        var issuer = Map(DevProviderIssuer().Match(compose).Groups[1].Value);
        _provider = await DevProviderServer.StartAsync(new DevProviderOptions { Issuer = issuer }, $"http://127.0.0.1:{_port}");
        _web = new WebProcess(_provider.BaseUrl);
        _web.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (Match setting in NodeSetting().Matches(compose[..compose.IndexOf("x-engine:", StringComparison.Ordinal)]))
        {
            _web.Environment[setting.Groups[1].Value] = Map(setting.Groups[2].Value.Trim('"'));
        }

        await _web.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData("dev-oauth2")]
    [InlineData("dev-oidc")]
    [InlineData("dev-oauth1")]
    public async Task The_compose_settings_complete_a_dev_login(string provider)
    {
        var trace = await HttpLogin.RunAsync(_web.BaseUrl, $"/login/{provider}?returnUrl=/profile");

        Assert.StartsWith($"http://localhost:{_port}/", trace.Login.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.True(trace.Callback.StatusCode == HttpStatusCode.Redirect && trace.Callback.Headers.Location?.ToString() == "/profile",
            $"{provider}: {(int)trace.Callback.StatusCode} to {trace.Callback.Headers.Location}\n{_web.Logs}");
        Assert.Contains(trace.Callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("authactors.session", StringComparison.Ordinal));
    }

    private string Map(string value) => value
        .Replace("http://localhost:5100", $"http://localhost:{_port}", StringComparison.Ordinal)
        .Replace("http://devprovider:5100", $"http://127.0.0.1:{_port}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("docker-compose.yml not found above " + AppContext.BaseDirectory);
    }

    // The engine and frontend settings of the shared x-node-env block that concern providers.
    [GeneratedRegex(@"^  (AuthActors__(?:Providers__[\w-]+|AllowInsecureHttp|Urls__\w+)): *(.*)$", RegexOptions.Multiline)]
    private static partial Regex NodeSetting();

    [GeneratedRegex(@"""--issuer"", ""([^""]+)""")]
    private static partial Regex DevProviderIssuer();
}
