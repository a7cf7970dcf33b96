namespace AuthActors;

/// <summary>
/// Where the reference programs (Web, Node) find <c>config/</c>, <c>hocon/</c> and <c>data/</c>: the nearest directory
/// at or above the working directory, or else above the program, that holds <c>config/appsettings.json</c>; so
/// <c>dotnet run --project src/AuthActors.Web</c> from the repository, and a test starting the built program from its
/// output folder, both use the repository's. Compiled into each program (a linked file), never into a library.
/// </summary>
internal static class ProjectRoot
{
    public static string Find(string fallback) =>
        Above(Directory.GetCurrentDirectory()) ?? Above(AppContext.BaseDirectory) ?? fallback;

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "config", "appsettings.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
