using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Talks to a journal actor as persistent actors do, for the journal specs of every database: writes that expect
/// their confirmations, and replays that expect the events in order and then the highest sequence number.
/// </summary>
/// <param name="journal">The journal actor.</param>
/// <param name="probe">The persistent actor's stand-in.</param>
/// <param name="wait">How long to wait for each answer; the test kit's default when <c>null</c>.</param>
public sealed class JournalProtocol(IActorRef journal, TestProbe probe, TimeSpan? wait = null)
{
    /// <summary>The writer id every event of this protocol carries.</summary>
    public string WriterGuid { get; } = Guid.NewGuid().ToString();

    /// <summary>Writes <paramref name="from"/>..<paramref name="to"/> of <paramref name="persistenceId"/>, one atomic write each, and expects each confirmed.</summary>
    public void Write(string persistenceId, long from, long to)
    {
        var writes = Enumerable.Range((int)from, (int)(to - from + 1)).Select(seq => Atomic(Persistent(persistenceId, seq, $"{persistenceId}-{seq}"))).ToArray();
        journal.Tell(new WriteMessages(writes, probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(wait);
        for (var seq = from; seq <= to; seq++)
        {
            Assert.Equal(seq, probe.ExpectMsg<WriteMessageSuccess>(wait).Persistent.SequenceNr);
        }
    }

    /// <summary>Replays as a recovering actor does: the events in order, then <c>RecoverySuccess</c> with the highest sequence number.</summary>
    public void ExpectReplay(string persistenceId, long from, long to, long max, long highest, params IEnumerable<object> expected)
    {
        journal.Tell(new ReplayMessages(from, to, max, persistenceId, probe.Ref));
        var replayed = new List<object>();
        object message;
        while ((message = probe.ExpectMsg<object>(wait)) is ReplayedMessage r)
        {
            replayed.Add(r.Persistent.Payload);
        }

        Assert.Equal(expected, replayed);
        Assert.Equal(highest, Assert.IsType<RecoverySuccess>(message).HighestSequenceNr);
    }

    /// <summary>The payloads <see cref="Write"/> gives <paramref name="from"/>..<paramref name="to"/> of <paramref name="persistenceId"/>.</summary>
    public static IEnumerable<string> Events(string persistenceId, long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(seq => $"{persistenceId}-{seq}");

    /// <summary>An event of <paramref name="persistenceId"/> as a persistent actor hands it to its journal.</summary>
    public Persistent Persistent(string persistenceId, long seq, object payload) =>
        new(payload, seq, persistenceId, string.Empty, false, ActorRefs.NoSender, WriterGuid);

    /// <summary>Events written all or none.</summary>
    public static AtomicWrite Atomic(params IPersistentRepresentation[] events) => new(events.ToImmutableList());
}
