using System.Diagnostics;

namespace AuthActors.Web.Tests;

/// <summary>A configuration mistake is a list of problems and exit code 1, not a joined line above a stack trace.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public async Task An_invalid_provider_configuration_lists_each_problem_and_exits_with_code_1()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AuthActors.Web.dll"));
        foreach (var arg in new[]
                 {
                     "--urls=http://127.0.0.1:0", $"--AuthActors:DataDirectory={Path.Combine(Path.GetTempPath(), "authactors-cfg", Guid.NewGuid().ToString("N"))}",
                     "--AuthActors:EmbeddedDevProvider=false", "--AuthActors:Providers:broken:ClientId=x",
                     "--AuthActors:Providers:broken:AccessTokenUrl=http://evil.example/token",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = await stderr + await stdout;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("AuthActors cannot start: the configuration has", output, StringComparison.Ordinal);
        Assert.Contains("  - Provider 'broken': AccessTokenUrl 'http://evil.example/token' is not https", output, StringComparison.Ordinal);
        Assert.Contains("  - Provider 'broken': AuthorizeUrl is missing", output, StringComparison.Ordinal);
        Assert.Contains("  - Provider 'broken': ClientSecret is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }
}
