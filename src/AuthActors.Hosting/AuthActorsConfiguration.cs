using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AuthActors.Hosting;

/// <summary>
/// Loads <c>config/appsettings.json</c> (and <c>config/appsettings.{Environment}.json</c>) from the AuthActors
/// root: the nearest directory above the working directory, or above the program, that has a
/// <c>config/appsettings.json</c>. Environment variables and the command line keep the last word.
/// </summary>
public static class AuthActorsConfiguration
{
    /// <summary>Adds the configuration files and records the root for relative paths (data, hocon).</summary>
    /// <example><c>var builder = Host.CreateApplicationBuilder(args); builder.AddAuthActorsConfiguration(args);</c></example>
    public static IHostApplicationBuilder AddAuthActorsConfiguration(this IHostApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory) ?? builder.Environment.ContentRootPath;
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new("AuthActors:RootDirectory", root)],
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(root, "config", "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(root, "config", $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(args ?? []);
        return builder;
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <c>config/appsettings.json</c>.</summary>
    public static string? FindRoot(string start)
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
