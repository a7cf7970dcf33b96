using Akka.Actor;
using AuthActors.Engine.Statistics;

namespace AuthActors.Engine.Telemetry;

/// <summary>
/// Feeds <see cref="AuthActorsTelemetry"/>'s attempt counters from the event stream of an actor system that
/// hosts attempts: one subscriber per system, started by the first attempt. Only this node's own
/// publications are counted (frontends that relay other nodes' statistics count nothing twice).
/// </summary>
internal sealed class AttemptTelemetry : ExtensionIdProvider<AttemptTelemetry.Extension>
{
    private static readonly AttemptTelemetry Id = new();

    /// <summary>Ensures the subscriber of <paramref name="system"/> runs.</summary>
    public static void EnsureStarted(ActorSystem system) => Id.Apply(system);

    public override Extension CreateExtension(ExtendedActorSystem system) => new(system);

    internal sealed class Extension : IExtension
    {
        public Extension(ExtendedActorSystem system)
        {
            var subscriber = system.SystemActorOf(Props.Create(() => new Subscriber()), "authactors-telemetry");
            // Subscribed here, synchronously, so that the first attempt's first transition is not missed.
            system.EventStream.Subscribe(subscriber, typeof(AttemptStatistics.Transitioned));
            system.EventStream.Subscribe(subscriber, typeof(AttemptStatistics.Refused));
        }
    }

    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber()
        {
            Receive<AttemptStatistics.Transitioned>(t => AuthActorsTelemetry.RecordTransition(t.Provider, t.From, t.To, t.Reason));
            Receive<AttemptStatistics.Refused>(r => AuthActorsTelemetry.RecordRefused(r.Provider, r.Reason));
        }
    }
}
