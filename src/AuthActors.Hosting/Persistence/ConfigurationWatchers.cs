using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// Finds the host's configuration file watchers. A JSON file added with <c>reloadOnChange</c> (the hosts' default for
/// <c>appsettings.json</c>) watches its whole directory tree with one recursive <c>FileSystemWatcher</c>, so a journal
/// file inside that tree wakes the host's watcher thread on every write.
/// </summary>
internal static class ConfigurationWatchers
{
    /// <summary>The root of a recursive configuration watcher whose tree holds <paramref name="file"/>; <c>null</c> when none does.</summary>
    public static string? WatchedRootOver(IConfiguration configuration, string file) =>
        configuration is IConfigurationRoot root ? Roots(root).FirstOrDefault(r => file.StartsWith(r, StringComparison.Ordinal)) : null;

    private static IEnumerable<string> Roots(IConfigurationRoot root)
    {
        foreach (var provider in root.Providers)
        {
            switch (provider)
            {
                // The generic host chains its host configuration into the app configuration.
                case ChainedConfigurationProvider { Configuration: IConfigurationRoot chained }:
                    foreach (var inner in Roots(chained))
                    {
                        yield return inner;
                    }

                    break;

                // A polling watcher looks at the one file only; the event watcher covers the tree below its root.
                case FileConfigurationProvider { Source: { ReloadOnChange: true, FileProvider: PhysicalFileProvider { UsePollingFileWatcher: false } files } }:
                    yield return Path.EndsInDirectorySeparator(files.Root) ? files.Root : files.Root + Path.DirectorySeparatorChar;
                    break;
            }
        }
    }
}
