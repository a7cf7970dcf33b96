namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// What a <see cref="LocalShard"/> and one incarnation of its child share, so that the child's recovery and its
/// passivation cost no messages between them. Through messages, each entity of a login cost its shard three turns (the
/// child's "recovered", its "passivate me", the shard's stop message back to it) besides the shard's turn for its end.
/// <list type="bullet">
/// <item>The child marks itself recovered here; the shard reads the mark when it next routes to the child or
/// learns that it stopped.</item>
/// <item>The shard counts what it routes to the child (<see cref="TryRoute"/>) and stamps each message with its number
/// (<see cref="RoutedMessage"/>); the child remembers the highest number it has taken. An idle child that has taken
/// everything routed to it closes the link (<see cref="TryClose"/>) and stops itself; the shard, finding the link
/// closed, holds what comes next for the next incarnation, as it holds what comes while a child stops. The count and
/// the closed flag are one word, changed by compare-and-swap: once closed, nothing more is routed, and a close
/// fails while a routed message has not been taken, so no message is ever routed to a child that has gone. A child
/// whose close fails asks to be passivated as before.</item>
/// </list>
/// Only the engine's persistent entities take part (<see cref="ILinkedEntity"/>); any other child of a local shard
/// gets its messages as they were sent, and passivates through messages.
/// </summary>
internal sealed class EntityLink
{
    // The number of messages routed (shifted left by one) and, in the lowest bit, closed.
    private long _state;
    private volatile bool _recovered;

    /// <summary>True once the child has recovered: from then on it answers every message itself.</summary>
    public bool Recovered => _recovered;

    /// <summary>The child has recovered (from the child).</summary>
    public void MarkRecovered() => _recovered = true;

    /// <summary>Numbers the next message for the child (from the shard), or returns false if the child closed the link.</summary>
    public bool TryRoute(out long number)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & 1) != 0)
            {
                number = 0;
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 2, state) == state)
            {
                number = (state >> 1) + 1;
                return true;
            }
        }
    }

    /// <summary>
    /// Closes the link (from the child) if <paramref name="taken"/>, the highest number the child has taken, is the last
    /// one routed: then nothing is on its way to the child, and nothing more will be routed to it.
    /// </summary>
    public bool TryClose(long taken) => Interlocked.CompareExchange(ref _state, (taken << 1) | 1, taken << 1) == taken << 1;
}

/// <summary>A message a local shard routed to a linked child, with its number on the child's link.</summary>
internal sealed class RoutedMessage(object message, long number, EntityLink link)
{
    public object Message { get; } = message;

    public long Number { get; } = number;

    public EntityLink Link { get; } = link;

    /// <summary>The message as it was sent, whether or not a local shard stamped it.</summary>
    public static object Unwrap(object message) => message is RoutedMessage routed ? routed.Message : message;
}

/// <summary>Marks the entities whose local shard links them (<see cref="EntityLink"/>): they unwrap <see cref="RoutedMessage"/>.</summary>
internal interface ILinkedEntity;
