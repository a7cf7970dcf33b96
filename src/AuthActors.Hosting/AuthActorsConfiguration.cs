using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AuthActors.Hosting;

/// <summary>
/// Loads <c>config/appsettings.json</c> and <c>config/appsettings.{Environment}.json</c> from the directory the host
/// names, and makes it the root that relative paths (data, hocon) resolve against. Environment variables and the
/// command line keep the last word. The library never searches for the directory: the program says where it is.
/// </summary>
public static class AuthActorsConfiguration
{
    /// <summary>Adds the configuration files under <paramref name="root"/> and records it as <c>AuthActors:RootDirectory</c>.</summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="root">The directory holding <c>config/</c> (and <c>hocon/</c>, <c>data/</c>).</param>
    /// <param name="args">The command line, added last.</param>
    /// <example><c>var builder = Host.CreateApplicationBuilder(args); builder.AddAuthActorsConfiguration(builder.Environment.ContentRootPath, args);</c></example>
    public static IHostApplicationBuilder AddAuthActorsConfiguration(this IHostApplicationBuilder builder, string root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(root);
        root = Path.GetFullPath(root);
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
}
