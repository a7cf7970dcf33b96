using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Attempts;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Providers.Internal;

internal sealed class ProviderSupervisorActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ProviderRuntime _runtime;
    private readonly Dictionary<string, Child> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = new();

    public ProviderSupervisorActor(ProviderRuntime runtime)
    {
        _runtime = runtime;
        Receive<ICommand>(Route);
        Receive<ProviderSupervisor.Recovered>(_ => OnRecovered());
        Receive<ProviderSupervisor.Passivate>(_ => OnPassivate());
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), ex => ex is ActorInitializationException ? Directive.Stop : Directive.Restart);

    private void Route(ICommand command)
    {
        if (!IsWellFormedId(command.AttemptId))
        {
            Sender.Tell(new Failed(command.AttemptId, FailureReason.InvalidRequest, null, "The attempt id is malformed."));
            return;
        }

        if (!_children.TryGetValue(command.AttemptId, out var child))
        {
            child = Start(command.AttemptId);
        }

        if (child.Passivating)
        {
            child.Buffer.Add((command, Sender));
            return;
        }

        if (!child.IsRecovered)
        {
            child.AwaitingRecovery.Add((command, Sender));
        }

        child.Ref.Forward(command);
    }

    private Child Start(string attemptId)
    {
        var actor = Context.ActorOf(AuthorizationAttempt.Props(_runtime, attemptId), AuthorizationAttempt.ActorName(attemptId));
        Context.Watch(actor);
        var child = new Child(actor);
        _children[attemptId] = child;
        _ids[actor] = attemptId;
        return child;
    }

    private void OnRecovered()
    {
        if (_ids.TryGetValue(Sender, out var id))
        {
            _children[id].IsRecovered = true;
            _children[id].AwaitingRecovery.Clear();
        }
    }

    private void OnPassivate()
    {
        if (_ids.TryGetValue(Sender, out var id) && !_children[id].Passivating)
        {
            _children[id].Passivating = true;
            Sender.Tell(ProviderSupervisor.StopAttempt.Instance);
        }
    }

    private void OnTerminated(IActorRef actor)
    {
        if (!_ids.Remove(actor, out var id) || !_children.Remove(id, out var child))
        {
            return;
        }

        if (!child.IsRecovered)
        {
            // It died before it could answer (its journal could not be read): answer for it.
            _log.Warning("Attempt {0} of {1} stopped before recovering; answering {2} waiting caller(s)", LogReference(id), _runtime.Name, child.AwaitingRecovery.Count);
            foreach (var (command, sender) in child.AwaitingRecovery)
            {
                sender.Tell(new Failed(command.AttemptId, FailureReason.JournalUnavailable, null, "The attempt could not be recovered from the journal."));
            }
        }

        if (child.Buffer.Count > 0)
        {
            var next = Start(id);
            foreach (var (command, sender) in child.Buffer)
            {
                next.AwaitingRecovery.Add((command, sender));
                next.Ref.Tell(command, sender);
            }
        }
    }

    private sealed class Child(IActorRef actorRef)
    {
        public IActorRef Ref { get; } = actorRef;
        public bool IsRecovered { get; set; }
        public bool Passivating { get; set; }
        public List<(ICommand Command, IActorRef Sender)> AwaitingRecovery { get; } = [];
        public List<(ICommand Command, IActorRef Sender)> Buffer { get; } = [];
    }
}
