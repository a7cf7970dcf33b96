using Akka.Actor;
using AuthActors.Engine.Configuration;
using AuthActors.Hosting.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// Deletes the journal rows of attempts whose deadline plus retention has passed, tokens included, so the
/// journal does not grow with every login. Akka's own delete keeps each attempt's last row; attempt ids
/// are never reused, so removing the rows outright is safe.
/// </summary>
internal sealed partial class JournalJanitor(
    IOptionsMonitor<AuthActorsOptions> options,
    AuthActorsBuilder builder,
    IHostEnvironment environment,
    ActorSystem system,
    ILogger<JournalJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.CurrentValue;
        if (AuthActorsAkkaExtensions.JournalOf(builder, o) is not { } dialect)
        {
            return;
        }

        var settings = AuthActorsSettings.Create(system);
        var connectionString = JournalSetup.ConnectionStringOf(dialect, o.Persistence, AuthActorsAkkaExtensions.DataDirectoryOf(o, environment));
        using var timer = new PeriodicTimer(o.Persistence.PurgeInterval);
        do
        {
            try
            {
                var cutoff = DateTimeOffset.UtcNow - settings.Expiry - settings.Retention;
                var purged = await JournalPurge.PurgeAsync(dialect, connectionString, cutoff, stoppingToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    LogPurged(logger, purged, cutoff);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Rows} journal rows of attempts that began before {Cutoff:O}")]
    private static partial void LogPurged(ILogger logger, int rows, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal purge failed ({Error}); it retries at the next interval")]
    private static partial void LogFailed(ILogger logger, string error);
}
