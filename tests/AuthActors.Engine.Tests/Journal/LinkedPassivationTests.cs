using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Under a local shard the engine's entities recover and passivate without messages to and from the shard
/// (<see cref="EntityLink"/>): an idle entity that has taken everything the shard routed to it stops itself, and what
/// the shard is sent from then on goes to the next incarnation. Nothing sent to the shard may be lost or answered
/// twice, however the sends race with the stops.
/// </summary>
public sealed class LinkedPassivationTests : IDisposable
{
    private static readonly Config Journal = ConfigurationFactory.ParseString(
        "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"");

    private readonly ActorSystem _system = ActorSystem.Create("linked-passivation", Journal);

    public void Dispose() => _system.Terminate().Wait();

    [Fact]
    public void A_link_numbers_what_is_routed_and_closes_only_when_all_of_it_was_taken()
    {
        var link = new EntityLink();
        Assert.True(link.TryRoute(out var first));
        Assert.True(link.TryRoute(out var second));
        Assert.Equal((1, 2), (first, second));

        // The second is on its way: no close.
        Assert.False(link.TryClose(1));
        Assert.True(link.TryRoute(out var third));
        Assert.Equal(3, third);
        Assert.True(link.TryClose(3));

        // Closed: nothing more is routed, and it stays closed.
        Assert.False(link.TryRoute(out _));
        Assert.False(link.TryClose(3));
    }

    [Fact]
    public void An_idle_entity_stops_itself_without_a_stop_message_and_the_next_message_starts_another()
    {
        var probe = new TestProbe(_system, new Akka.TestKit.Xunit2.XunitAssertions());
        var shard = _system.ActorOf(Shard(probe.Ref, TimeSpan.FromMilliseconds(50)));

        shard.Tell(new Ping("a", 1), probe.Ref);
        Assert.Equal(new Pong("a", 1, 1), probe.ExpectMsg<Pong>());
        // Idle: it closes its link and stops; the shard never sent it its stop message.
        Assert.Equal(new Stopped("a", 1, ByStopMessage: false), probe.ExpectMsg<Stopped>(TimeSpan.FromSeconds(5)));

        shard.Tell(new Ping("a", 2), probe.Ref);
        Assert.Equal(new Pong("a", 2, 2), probe.ExpectMsg<Pong>());
    }

    // Messages the entity put aside and then took back are in its mailbox again, with numbers it has already counted:
    // an entity that passivates right after taking them back must not stop over them.
    [Fact]
    public void Messages_an_entity_takes_back_from_its_stash_just_before_it_passivates_are_answered()
    {
        var probe = new TestProbe(_system, new Akka.TestKit.Xunit2.XunitAssertions());
        var shard = _system.ActorOf(Shard(probe.Ref, TimeSpan.FromMinutes(1)));

        shard.Tell(new Hold("a"), probe.Ref);
        shard.Tell(new Ping("a", 1), probe.Ref);
        shard.Tell(new Ping("a", 2), probe.Ref);
        shard.Tell(new Release("a"), probe.Ref);

        Assert.Equal(new Stopped("a", 1, ByStopMessage: true), probe.ExpectMsg<Stopped>(TimeSpan.FromSeconds(5)));
        Assert.Equal([1, 2], new[] { probe.ExpectMsg<Pong>().N, probe.ExpectMsg<Pong>().N }.Order());
    }

    [Fact]
    public async Task Every_message_is_answered_once_while_entities_stop_and_start_under_it()
    {
        // Entities idle after 1 ms (the scheduler's tick makes it about 10 ms): eight senders, each waiting up to 12 ms
        // between two messages, keep the three entities stopping and starting, with messages arriving as they stop.
        var answers = new ConcurrentDictionary<int, int>();
        var stops = new ConcurrentBag<Stopped>();
        var observer = _system.ActorOf(Props.Create(() => new Observer(answers, stops)));
        var shard = _system.ActorOf(Shard(observer, TimeSpan.FromMilliseconds(1)));
        const int Senders = 8;
        const int PerSender = 250;

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
        {
            var random = new Random(s);
            for (var i = 0; i < PerSender; i++)
            {
                var n = (s * PerSender) + i;
                shard.Tell(new Ping("e" + (n % 3), n), observer);
                await Task.Delay(random.Next(0, 13));
            }
        })));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (answers.Count < Senders * PerSender && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(Senders * PerSender, answers.Count);
        Assert.All(answers, a => Assert.Equal(1, a.Value));
        // The entities did stop and start under the load, and they stopped themselves.
        Assert.Contains(stops, s => !s.ByStopMessage);
        Assert.True(stops.Count >= 30, $"only {stops.Count} stops");
    }

    private static Props Shard(IActorRef observer, TimeSpan idle) =>
        LocalShard.Props(
            id => Props.Create(() => new Counter(id, idle, observer)),
            m => m switch
            {
                Ping p => p.Id,
                Hold h => h.Id,
                Release r => r.Id,
                _ => null,
            },
            id => id,
            _ => null);

    private sealed record Ping(string Id, int N);

    private sealed record Pong(string Id, int N, long Incarnation);

    // Puts every ping aside until Release, which takes them back and passivates at once.
    private sealed record Hold(string Id);

    private sealed record Release(string Id);

    private sealed record Stopped(string Id, long Incarnation, bool ByStopMessage);

    private sealed class Stop
    {
        public static readonly Stop Instance = new();
    }

    private sealed class Observer : ReceiveActor
    {
        public Observer(ConcurrentDictionary<int, int> answers, ConcurrentBag<Stopped> stops)
        {
            Receive<Pong>(p => answers.AddOrUpdate(p.N, 1, (_, c) => c + 1));
            Receive<Stopped>(stops.Add);
        }
    }

    // An entity that answers pings and passivates when idle; it counts its incarnations in the journal (one event each).
    private sealed class Counter : PersistentEntity<string>
    {
        private readonly string _id;
        private readonly TimeSpan _idle;
        private readonly IActorRef _observer;
        private long _incarnation;
        private bool _stopMessage;
        private bool _holding;

        public Counter(string id, TimeSpan idle, IActorRef observer)
            : base(LocalShard.Parent, Stop.Instance, "Counter", id)
        {
            _id = id;
            _idle = idle;
            _observer = observer;
            PersistenceId = "counter-" + id;
        }

        public override string PersistenceId { get; }

        protected override bool IsWorking => false;

        protected override void Apply(string e) => _incarnation++;

        protected override void OnRecovered()
        {
            SignalRecovered();
            Persist("started", e =>
            {
                Apply(e);
                SetIdleTimeout(_idle);
            });
        }

        protected override bool ReceiveCommand(object message)
        {
            switch (message)
            {
                case Ping when _holding:
                    Stash.Stash();
                    return true;
                case Ping ping:
                    Sender.Tell(new Pong(ping.Id, ping.N, _incarnation));
                    return true;
                case Hold:
                    _holding = true;
                    return true;
                case Release:
                    _holding = false;
                    Stash.UnstashAll();
                    Passivate();
                    return true;
                case Stop:
                    _stopMessage = true;
                    return ReceiveLifecycle(message, idle: true);
                default:
                    return ReceiveLifecycle(message, idle: true);
            }
        }

        protected override bool IsRoutedCommand(object message) => message is Ping or Hold or Release;

        protected override void AnswerJournalUnavailable()
        {
        }

        protected override void PostStop()
        {
            _observer.Tell(new Stopped(_id, _incarnation, _stopMessage));
            base.PostStop();
        }
    }
}
