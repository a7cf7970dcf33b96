using Akka.Actor;
using AuthActors.Engine.Attempts;

namespace AuthActors.Hosting.Composition;

/// <summary>
/// The engine's entry for attempt commands, registered in the <c>ActorRegistry</c> under
/// <see cref="AuthActorsAttempts"/>: forwards each command, sender kept, to its provider's supervisor or shard
/// region.
/// </summary>
internal sealed class AttemptRouter : ReceiveActor
{
    public AttemptRouter(IReadOnlyDictionary<string, IActorRef> providers)
    {
        Receive<AuthorizationAttempt.ICommand>(command =>
        {
            if (providers.TryGetValue(command.Provider, out var target))
            {
                target.Forward(command);
            }
            else
            {
                // The facade checks the provider before it asks; anything else is a bug, reported by the ask's timeout.
                Unhandled(command);
            }
        });
    }

    public static Props Props(IReadOnlyDictionary<string, IActorRef> providers) => Akka.Actor.Props.Create(() => new AttemptRouter(providers));
}
