using Akka.Actor;
using Akka.Event;

namespace AuthActors.Engine.Entities.Internal;

internal sealed class LocalShardActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<string, bool, Props> _entityProps;
    private readonly Func<object, string?> _entityIdOf;
    private readonly Func<string, string> _entityName;
    private readonly Func<object, object?> _unrecoveredReply;
    private readonly Func<object, bool> _startsNew;
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();
    // Live entities, the most recently used first (only kept with an active limit).
    private readonly LinkedList<string> _recency = new();
    private readonly int _activeLimit;

    public LocalShardActor(Func<string, bool, Props> entityProps, Func<object, string?> entityIdOf, Func<string, string> entityName, Func<object, object?> unrecoveredReply,
        Func<object, bool> startsNew, int activeLimit)
    {
        _startsNew = startsNew;
        _activeLimit = activeLimit;
        _entityProps = entityProps;
        _entityIdOf = entityIdOf;
        _entityName = entityName;
        _unrecoveredReply = unrecoveredReply;
        Receive<LocalShard.Passivate>(OnPassivate);
        Receive<LocalShard.Recovered>(_ => OnRecovered());
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        ReceiveAny(Route);
    }

    // Entities that fail to start (their journal cannot be read) stop; OnTerminated answers for them.
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
            entity = Start(id, isNew: _startsNew(message));
            AskLeastRecentlyUsedToPassivate();
        }
        else
        {
            Touch(entity);
        }

        Deliver(entity, message, Sender);
    }

    // To a live child: what it has not recovered for is kept, to be answered for if it dies first; to a child that has
    // stopped or closed its link, it waits for the next incarnation.
    private static void Deliver(Entity entity, object message, IActorRef sender)
    {
        long number = 0;
        if (!entity.Stopping && entity.Link is { } link && !link.TryRoute(out number))
        {
            // The child closed its link, having taken everything routed to it, and stops: like a passivation.
            entity.MarkStopping();
        }

        if (entity.Stopping)
        {
            entity.Queue.Enqueue((message, sender));
            return;
        }

        if (!entity.Recovered && entity.Link is { Recovered: true })
        {
            entity.MarkRecovered();
        }

        if (!entity.Recovered)
        {
            entity.Queue.Enqueue((message, sender));
        }

        entity.Ref.Tell(entity.Link is { } l ? new RoutedMessage(message, number, l) : message, sender);
    }

    private Entity Start(string id, bool isNew)
    {
        var props = _entityProps(id, isNew);
        var actor = Context.ActorOf(props, _entityName(id));
        Context.Watch(actor);
        var entity = new Entity(actor, typeof(ILinkedEntity).IsAssignableFrom(props.Type) ? new EntityLink() : null);
        _entities[id] = entity;
        _ids[actor] = id;
        if (_activeLimit > 0)
        {
            entity.Recency = _recency.AddFirst(id);
        }

        return entity;
    }

    private void Touch(Entity entity)
    {
        if (entity.Recency is { } node && node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    // Over the limit: the least recently used live entities are asked to passivate if idle, and move to the front, so
    // one that stays (it is busy) is asked again only when it is the least recently used again.
    private void AskLeastRecentlyUsedToPassivate()
    {
        if (_activeLimit == 0)
        {
            return;
        }

        for (var asked = 0; asked < 2 && _entities.Count - asked > _activeLimit && _recency.Last is { } last; asked++)
        {
            var entity = _entities[last.Value];
            Touch(entity);
            if (!entity.Stopping)
            {
                entity.Ref.Tell(LocalShard.PassivateIfIdle.Instance);
            }
        }
    }

    private void OnRecovered()
    {
        if (_ids.TryGetValue(Sender, out var id))
        {
            _entities[id].MarkRecovered();
        }
    }

    private void OnPassivate(LocalShard.Passivate passivate)
    {
        if (_ids.TryGetValue(Sender, out var id) && !_entities[id].Stopping)
        {
            // The entity is alive and answers what it was sent; what comes from now on waits until it has stopped.
            _entities[id].MarkStopping();
            Sender.Tell(passivate.StopMessage);
        }
    }

    private void OnTerminated(IActorRef actor)
    {
        if (!_ids.Remove(actor, out var id) || !_entities.Remove(id, out var entity))
        {
            return;
        }

        if (entity.Recency is { } node)
        {
            _recency.Remove(node);
        }

        if (!entity.Recovered && entity.Link is not { Recovered: true })
        {
            AnswerFor(id, entity);
            return;
        }

        if (!entity.Stopping)
        {
            // It recovered, and took on what it was sent before (the shard had not read its mark yet).
            entity.Queue.Clear();
        }

        if (entity.Queue.Count > 0)
        {
            var next = Start(id, isNew: false);
            while (entity.Queue.TryDequeue(out var held))
            {
                Deliver(next, held.Message, held.Sender);
            }
        }
    }

    // It died (or gave up) before it could answer, for example because its journal could not be read.
    private void AnswerFor(string id, Entity entity)
    {
        var name = _entityName(id);
        _log.Warning("Entity {0} stopped before recovering; answering {1} waiting message(s)", name[..Math.Min(12, name.Length)], entity.Queue.Count);
        while (entity.Queue.TryDequeue(out var waiting))
        {
            if (_unrecoveredReply(waiting.Message) is { } reply)
            {
                waiting.Sender.Tell(reply);
            }
        }
    }

    private sealed class Entity(IActorRef actorRef, EntityLink? link)
    {
        public IActorRef Ref { get; } = actorRef;

        /// <summary>What it shares with an engine entity (<see cref="ILinkedEntity"/>), or null for any other child.</summary>
        public EntityLink? Link { get; } = link;

        public bool Recovered { get; private set; }

        public bool Stopping { get; private set; }

        /// <summary>Its place in the recency list (with an active limit).</summary>
        public LinkedListNode<string>? Recency { get; set; }

        /// <summary>
        /// The messages the entity has not taken on. Before it has recovered: those forwarded to it, answered for
        /// if it dies. While it stops: those that arrived since, delivered to its next incarnation.
        /// </summary>
        public Queue<(object Message, IActorRef Sender)> Queue { get; } = new();

        /// <summary>It has recovered and answers for what it was sent: the shard keeps none of that.</summary>
        public void MarkRecovered()
        {
            Recovered = true;
            Queue.Clear();
        }

        /// <summary>It stops, answering for what it was sent; what comes from now on waits for its next incarnation.</summary>
        public void MarkStopping()
        {
            Stopping = true;
            MarkRecovered();
        }
    }
}
