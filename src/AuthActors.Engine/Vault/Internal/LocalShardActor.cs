using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace AuthActors.Engine.Vault.Internal;

internal sealed class LocalShardActor : ReceiveActor, IWithTimers
{
    private const string IdleTimer = "idle";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<string, Props> _entityProps;
    private readonly Func<object, string?> _entityIdOf;
    private readonly object _stopMessage;
    private readonly TimeSpan _idleTimeout;
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();

    public LocalShardActor(Func<string, Props> entityProps, Func<object, string?> entityIdOf, object stopMessage, TimeSpan idleTimeout)
    {
        _entityProps = entityProps;
        _entityIdOf = entityIdOf;
        _stopMessage = stopMessage;
        _idleTimeout = idleTimeout;
        Receive<PassivateIdle>(_ => OnPassivateIdle());
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        ReceiveAny(Route);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_idleTimeout > TimeSpan.Zero)
        {
            // Check at half the idle timeout, between 100 ms and 30 s: an entity stops within 1.5 idle timeouts.
            var interval = TimeSpan.FromTicks(Math.Clamp(_idleTimeout.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
            Timers.StartPeriodicTimer(IdleTimer, PassivateIdle.Instance, interval);
        }
    }

    // Entities that fail to start (their journal cannot be read) stop; callers time out with a typed error.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), ex => ex is ActorInitializationException ? Directive.Stop : Directive.Restart);

    private void Route(object message)
    {
        if (_entityIdOf(message) is not { } id)
        {
            Unhandled(message);
            return;
        }

        if (!_entities.TryGetValue(id, out var entity))
        {
            entity = Start(id);
        }

        entity.LastActive = Stopwatch.GetTimestamp();
        if (entity.Stopping)
        {
            entity.Buffer.Add((message, Sender));
            return;
        }

        entity.Ref.Forward(message);
    }

    private Entity Start(string id)
    {
        var actor = Context.ActorOf(_entityProps(id), Uri.EscapeDataString(id));
        Context.Watch(actor);
        var entity = new Entity(actor) { LastActive = Stopwatch.GetTimestamp() };
        _entities[id] = entity;
        _ids[actor] = id;
        return entity;
    }

    private void OnPassivateIdle()
    {
        foreach (var entity in _entities.Values.Where(e => !e.Stopping && Stopwatch.GetElapsedTime(e.LastActive) >= _idleTimeout))
        {
            entity.Stopping = true;
            entity.Ref.Tell(_stopMessage);
        }
    }

    private void OnTerminated(IActorRef actor)
    {
        if (!_ids.Remove(actor, out var id) || !_entities.Remove(id, out var entity) || entity.Buffer.Count == 0)
        {
            return;
        }

        _log.Debug("Entity {0} stopped with {1} message(s) buffered; starting it again", id, entity.Buffer.Count);
        var next = Start(id);
        foreach (var (message, sender) in entity.Buffer)
        {
            next.Ref.Tell(message, sender);
        }
    }

    private sealed class Entity(IActorRef actorRef)
    {
        public IActorRef Ref { get; } = actorRef;
        public long LastActive { get; set; }
        public bool Stopping { get; set; }
        public List<(object Message, IActorRef Sender)> Buffer { get; } = [];
    }

    private sealed class PassivateIdle
    {
        public static readonly PassivateIdle Instance = new();
    }
}
