using Akka.Actor;
using Akka.Persistence;
using AuthActors.Engine.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthActors.Hosting.Health;

/// <summary>
/// The engine's health checks and their tags: <see cref="Live"/> checks say the process should keep running
/// (map them to <c>/healthz</c>), <see cref="Ready"/> checks say it can serve logins now (map them to <c>/readyz</c>).
/// </summary>
public static class EngineHealthChecks
{
    /// <summary>The tag of liveness checks: the actor system runs.</summary>
    public const string Live = "live";

    /// <summary>The tag of readiness checks: the actor system runs, the journal answers, the cluster member is Up, the OpenID providers' metadata is fresh.</summary>
    public const string Ready = "ready";

    /// <summary>The persistence id the journal check recovers: never written, so its recovery is one cheap query.</summary>
    public const string ProbePersistenceId = "authactors-health-probe";

    internal static async Task<HealthCheckResult> JournalAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var settings = AuthActorsSettings.Create(system);
        var probe = system.ActorOf(Props.Create(() => new JournalProbe(settings.JournalPluginId)));
        try
        {
            return await probe.Ask<object>(JournalProbe.Check.Instance, timeout, cancellationToken).ConfigureAwait(false) switch
            {
                JournalProbe.Recovered => HealthCheckResult.Healthy("The journal answered."),
                JournalProbe.RecoveryFailed failed => HealthCheckResult.Unhealthy($"The journal failed: {failed.Cause}"),
                var other => HealthCheckResult.Unhealthy($"Unexpected answer {other.GetType().Name}."),
            };
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            probe.Tell(PoisonPill.Instance);
            return HealthCheckResult.Unhealthy($"The journal did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    // Recovers a fixed persistence id that nobody writes: a round trip to the journal's database, and nothing else.
    private sealed class JournalProbe : ReceivePersistentActor
    {
        private IActorRef? _asker;
        private object? _outcome;

        public JournalProbe(string journalPluginId)
        {
            if (journalPluginId.Length > 0)
            {
                JournalPluginId = journalPluginId;
            }

            Recover<RecoveryCompleted>(_ => Answer(Recovered.Instance));
            Recover<object>(_ => { });
            Command<Check>(_ => Remember(Sender));
        }

        public override string PersistenceId => ProbePersistenceId;

        public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

        protected override void OnRecoveryFailure(Exception reason, object? message = null)
        {
            // The actor stops after this; answer first (no secrets: the exception's type only).
            Answer(new RecoveryFailed(reason.GetType().Name));
            base.OnRecoveryFailure(reason, message);
        }

        private void Remember(IActorRef asker)
        {
            _asker = asker;
            Flush();
        }

        private void Answer(object outcome)
        {
            _outcome = outcome;
            Flush();
        }

        private void Flush()
        {
            if (_asker is not null && _outcome is not null)
            {
                _asker.Tell(_outcome);
                Context.Stop(Self);
            }
        }

        public sealed class Check
        {
            public static readonly Check Instance = new();
        }

        public sealed class Recovered
        {
            public static readonly Recovered Instance = new();
        }

        public sealed record RecoveryFailed(string Cause);
    }
}
