using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence;

namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// A journal that an <see cref="EventSourcedEntity"/> may call without going through its actor: the entity hands it
/// a write or a recovery, and the journal answers the entity with the journal protocol's own messages, from the thread
/// that did the work. Through the actor, Akka's <c>AsyncWriteJournal</c> costs each write three thread-pool hops
/// (the journal's mailbox, its resequencer's, the entity's) and a circuit-breaker call, and each recovery four.
/// A journal offers it only where it is the same thing as its protocol: the same rows, the same order, no event adapters.
/// </summary>
internal interface IDirectJournal
{
    /// <summary>
    /// Writes <paramref name="writes"/> (atomic writes of one entity, in order) and then tells <paramref name="replyTo"/>
    /// each event's answer, as <c>WriteMessages</c> would: <c>WriteMessageSuccess</c>, <c>WriteMessageRejected</c>
    /// (its atomic write could not be serialized, and was not written) or <c>WriteMessageFailure</c> (the
    /// transaction failed), in order, each from the sender of the command that persisted the event. It does not send
    /// <c>WriteMessagesSuccessful</c> or <c>WriteMessagesFailed</c>: the entity needs only each event's answer.
    /// </summary>
    void Write(IReadOnlyList<IPersistentEnvelope> writes, IActorRef replyTo, int actorInstanceId);

    /// <summary>
    /// Replays every event of <paramref name="persistenceId"/> to <paramref name="replyTo"/>, as
    /// <c>ReplayMessages(1, long.MaxValue, long.MaxValue)</c> would: <c>ReplayedMessage</c>s, then <c>RecoverySuccess</c>
    /// with the highest sequence number, or <c>ReplayMessagesFailure</c>. Returns true when every answer has been sent
    /// before it returns (the SQLite journal reads on the caller's thread); false when they follow later (rows only the
    /// journal's own replay reads), and the entity keeps its recovery deadline for them.
    /// </summary>
    bool ReplayAll(string persistenceId, IActorRef replyTo);
}

/// <summary>The journals that offer <see cref="IDirectJournal"/>, by their actor; each registers while it runs.</summary>
internal static class DirectJournals
{
    // By the journal's own reference (the one Persistence.JournalFor hands out is the actor's Self): actor refs are
    // equal by path, and every actor system of a process has its journals at the same paths.
    private static readonly ConcurrentDictionary<IActorRef, IDirectJournal> Registered = new(ReferenceEqualityComparer.Instance);

    /// <summary>Offers <paramref name="direct"/> for <paramref name="journal"/> (from its <c>PreStart</c>).</summary>
    public static void Register(IActorRef journal, IDirectJournal direct) => Registered[journal] = direct;

    /// <summary>Withdraws the offer (from the journal's <c>PostStop</c>).</summary>
    public static void Unregister(IActorRef journal) => Registered.TryRemove(journal, out _);

    /// <summary>The direct calls of <paramref name="journal"/>, or <c>null</c> when it offers none.</summary>
    public static IDirectJournal? Find(IActorRef journal) => Registered.GetValueOrDefault(journal);
}
