using AuthActors.Hosting.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting;

/// <summary>
/// Checks the AuthActors configuration before a host starts, so that a mistake is reported as a list of
/// problems and a plain exit code, not as one joined line above a stack trace.
/// </summary>
public static class AuthActorsConfigurationCheck
{
    /// <summary>The process exit code for an invalid configuration: 1, a plain failure (a crash would be 134).</summary>
    public const int InvalidConfigurationExitCode = 1;

    /// <summary>
    /// Validates the <c>AuthActors</c> options of <paramref name="services"/> now. Returns <c>true</c> when they are
    /// valid; otherwise writes every problem on its own line to <paramref name="error"/> and returns <c>false</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// var app = builder.Build();
    /// if (!AuthActorsConfigurationCheck.Validate(app.Services, Console.Error)) return AuthActorsConfigurationCheck.InvalidConfigurationExitCode;
    /// </code>
    /// </example>
    public static bool Validate(IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            _ = services.GetRequiredService<IOptionsMonitor<AuthActorsOptions>>().CurrentValue;
            return true;
        }
        catch (OptionsValidationException ex)
        {
            var failures = ex.Failures.SelectMany(f => f.Split("; ", StringSplitOptions.RemoveEmptyEntries)).ToList();
            error.WriteLine($"AuthActors cannot start: the configuration has {failures.Count} problem{(failures.Count == 1 ? string.Empty : "s")}:");
            foreach (var failure in failures)
            {
                error.WriteLine("  - " + failure);
            }

            error.WriteLine("Fix them in config/appsettings*.json or the environment (AuthActors__...), then start again.");
            return false;
        }
    }
}
