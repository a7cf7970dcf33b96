using System.Diagnostics;
using System.Text;

namespace AuthActors.Engine.Tests.Packaging;

/// <summary>
/// The libraries as a user gets them: <c>dotnet pack</c> into a local folder feed (a version suffix of its own, so no
/// package cached by an earlier run is used), then a program outside the repository (tests/packaging/Consumer) restores
/// AuthActors.Hosting from that feed, starts the engine on SQLite and begins a login.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private static readonly string[] Libraries =
        ["AuthActors.Protocol", "AuthActors.Engine", "AuthActors.Hosting", "AuthActors.Hosting.PostgreSql", "AuthActors.Hosting.Cluster", "AuthActors.AspNetCore"];

    private readonly string _root = RepositoryRoot();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "authactors-pack", Guid.NewGuid().ToString("N"));
    private readonly string _suffix = "pack" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + Random.Shared.Next(1000, 9999);

    public void Dispose()
    {
        TryDelete(_work);
        // The consumer's restore put this run's packages in the global packages folder; nothing will use them again.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var library in Libraries)
        {
            TryDelete(Path.Combine(packages, library.ToLowerInvariant(), Version.ToLowerInvariant()));
        }
    }

    private string Version => $"{VersionPrefix()}-{_suffix}";

    [Fact]
    public async Task The_packed_libraries_install_from_a_folder_feed_and_a_consumer_begins_a_login_with_SQLite_alone()
    {
        var feed = Path.Combine(_work, "feed");
        var pack = await RunAsync(_root, "pack", Path.Combine(_root, "AuthActors.Packages.slnf"), "-c", "Release", "-o", feed, "--version-suffix", _suffix, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.Equal(Libraries.Select(l => $"{l}.{Version}.nupkg").Order(), Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order());

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        foreach (var file in new[] { "Consumer.csproj", "Program.cs" })
        {
            File.Copy(Path.Combine(_root, "tests", "packaging", "Consumer", file), Path.Combine(consumer, file));
        }

        // The local feed next to the sources the machine already uses (user and machine NuGet.Config).
        await File.WriteAllTextAsync(Path.Combine(_work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="authactors-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var data = Path.Combine(_work, "data");
        var run = await RunAsync(consumer, "run", "-p:AuthActorsVersion=" + Version, "--", data);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("providers=github begun=True journal=True", run.Output, StringComparison.Ordinal);

        // The single-node package brings neither PostgreSQL nor the cluster.
        var assets = await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json"));
        Assert.Contains($"\"AuthActors.Hosting/{Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Npgsql/", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Akka.Cluster", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Akka.Remote", assets, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
    }

    private string VersionPrefix()
    {
        var props = File.ReadAllText(Path.Combine(_root, "Directory.Build.props"));
        var start = props.IndexOf("<VersionPrefix>", StringComparison.Ordinal) + "<VersionPrefix>".Length;
        return props[start..props.IndexOf("</VersionPrefix>", start, StringComparison.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthActors.sln not found above " + AppContext.BaseDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
