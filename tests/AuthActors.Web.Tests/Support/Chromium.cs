using System.Diagnostics;
using Microsoft.Playwright;

namespace AuthActors.Web.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download). When it is missing and the tests
/// run as root on a Debian machine, it is installed with apt-get; otherwise the tests fail saying so.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Gate = new(1);

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        await EnsureInstalledAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // No sandbox as root; no background traffic to Google's hosts on a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    private static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ExecutablePath}: run `sudo apt-get install -y chromium`.");
            }

            await Run("apt-get", "update -qq");
            await Run("apt-get", "install -y -qq --no-install-recommends chromium");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` failed ({process.ExitCode}): {await output}");
        }
    }
}
