using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>
/// The reference frontend started from a directory that holds its data (as <c>dotnet run</c> from the repository does:
/// the working directory is the content root, and data/ is in it) keeps the journal out of the host's configuration
/// watcher: the engine's start-up check finds no watched tree over the SQLite file.
/// </summary>
public sealed class JournalWatcherTests
{
    [Fact]
    public async Task A_journal_inside_the_content_root_is_not_under_the_hosts_configuration_watcher()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "authactors-web-root", Guid.NewGuid().ToString("N"))).FullName;
        await using var web = new WebProcess("http://127.0.0.1:9", Path.Combine(root, "data")) { WorkingDirectory = root };
        await web.StartAsync();

        Assert.True(File.Exists(Path.Combine(root, "data", "authactors.db")), web.Logs);
        Assert.DoesNotContain("which the host watches for configuration changes", web.Logs, StringComparison.Ordinal);
    }
}
