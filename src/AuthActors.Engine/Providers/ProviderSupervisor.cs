using Akka.Actor;
using AuthActors.Engine.Providers.Internal;

namespace AuthActors.Engine.Providers;

/// <summary>
/// One per configured provider in the single-process mode: creates attempt actors on demand (they recover
/// from the journal), routes commands to them by attempt id, passivates idle ones and supervises them.
/// In a cluster, a Cluster Sharding region plays this role.
/// </summary>
public static class ProviderSupervisor
{
    /// <summary>Sent by an idle attempt to ask its supervisor to stop it (commands for it are buffered meanwhile).</summary>
    internal sealed class Passivate
    {
        /// <summary>The instance.</summary>
        public static readonly Passivate Instance = new();

        private Passivate()
        {
        }
    }

    /// <summary>Sent by the supervisor to a passivating attempt: stop after the messages already queued.</summary>
    internal sealed class StopAttempt
    {
        /// <summary>The instance.</summary>
        public static readonly StopAttempt Instance = new();

        private StopAttempt()
        {
        }
    }

    /// <summary>Sent by an attempt once it has recovered; until then its supervisor answers for it if it dies.</summary>
    internal sealed class Recovered
    {
        /// <summary>The instance.</summary>
        public static readonly Recovered Instance = new();

        private Recovered()
        {
        }
    }

    /// <summary>The props of the supervisor of <paramref name="runtime"/>'s provider.</summary>
    public static Props Props(ProviderRuntime runtime) => Akka.Actor.Props.Create(() => new ProviderSupervisorActor(runtime));
}
