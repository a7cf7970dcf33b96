using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using AuthActors.Engine.Statistics;

namespace AuthActors.Hosting.Cluster;

/// <summary>
/// Carries attempt statistics across the cluster: engine nodes publish what their attempts do to a
/// distributed pub-sub topic, and frontends (whose status page has no attempts of its own) count it.
/// </summary>
internal static class StatisticsRelay
{
    public const string Topic = "authactors-attempt-statistics";

    /// <summary>On an engine node: publishes the local event stream's statistics to the topic.</summary>
    public static Props Publisher() => Props.Create(() => new PublisherActor());

    /// <summary>On a frontend: feeds the topic into the node's statistics actor.</summary>
    public static Props Subscriber(IActorRef statistics) => Props.Create(() => new SubscriberActor(statistics));

    private sealed class PublisherActor : ReceiveActor
    {
        private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;

        public PublisherActor()
        {
            Receive<AttemptStatistics.Transitioned>(t => _mediator.Tell(new Publish(Topic, t)));
            Receive<AttemptStatistics.Refused>(r => _mediator.Tell(new Publish(Topic, r)));
        }

        protected override void PreStart()
        {
            Context.System.EventStream.Subscribe(Self, typeof(AttemptStatistics.Transitioned));
            Context.System.EventStream.Subscribe(Self, typeof(AttemptStatistics.Refused));
        }
    }

    private sealed class SubscriberActor : ReceiveActor
    {
        public SubscriberActor(IActorRef statistics)
        {
            Receive<AttemptStatistics.Transitioned>(t => statistics.Tell(t));
            Receive<AttemptStatistics.Refused>(r => statistics.Tell(r));
            Receive<SubscribeAck>(_ => { });
        }

        protected override void PreStart() => DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self));
    }
}
