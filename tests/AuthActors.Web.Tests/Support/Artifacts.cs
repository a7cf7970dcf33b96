namespace AuthActors.Web.Tests.Support;

/// <summary>Where tests leave screenshots: <c>test-artifacts/</c> at the repository root.</summary>
public static class Artifacts
{
    public static string PathOf(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "test-artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, file);
    }
}
