using Akka.Actor;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Entities;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Providers;

/// <summary>
/// One per configured provider in the single-process mode: a <see cref="LocalShard"/> of the provider's
/// attempts, routed by attempt id, under actor names that hash the id. In a cluster, a Cluster Sharding region
/// plays this role, with the same entity contract (<see cref="IEntityParent"/>).
/// </summary>
public static class ProviderSupervisor
{
    /// <summary>The props of the supervisor of <paramref name="runtime"/>'s attempts.</summary>
    public static Props Props(ProviderRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return LocalShard.Props(
            (id, isNew) => AuthorizationAttempt.Props(runtime, id, LocalShard.Parent, isNew),
            m => m is ICommand command && IsWellFormedId(command.AttemptId) ? command.AttemptId : null,
            ActorName,
            m => m is ICommand command
                ? new Failed(command.AttemptId, FailureReason.JournalUnavailable, null, "The attempt could not be recovered from the journal.")
                : null,
            m => m is Begin { IsNew: true },
            runtime.Settings.ActiveLimit);
    }
}
