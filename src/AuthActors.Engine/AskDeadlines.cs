using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;

namespace AuthActors.Engine;

/// <summary>
/// The deadlines of the edge's asks (begin, callback, status, the vault), without a timer per ask. Akka's <c>Ask</c>
/// with a timeout makes a <see cref="CancellationTokenSource"/>, a .NET timer and a registration for every call: about
/// 35 µs of CPU per login for its three asks, measured. Here the asks whose deadlines fall in the same
/// <see cref="Slot"/> share one source, which one timer cancels once that slot has passed; each such ask then
/// completes with <see cref="Passed"/>, which its caller turns into its typed timeout. A deadline can come up to one
/// slot (100 ms) late. The caller's own cancellation token still cancels the ask at once. A timeout of zero or less
/// (<c>infinite</c> in HOCON) is no deadline, as with Akka's <c>Ask</c>.
/// </summary>
internal sealed class AskDeadlines
{
    /// <summary>The granularity of the deadlines.</summary>
    public static readonly TimeSpan Slot = TimeSpan.FromMilliseconds(100);

    // The slot in Stopwatch ticks; before Shared, whose timer reads it.
    private static readonly long SlotTicks = (long)(Slot.TotalSeconds * Stopwatch.Frequency);

    private static readonly AskDeadlines Shared = new();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _slots = new();

    private AskDeadlines() => Sweeper = new Timer(static s => ((AskDeadlines)s!).Sweep(), this, Slot, Slot);

    // Held here: a timer nothing references is collected.
    private Timer Sweeper { get; }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="target"/> and returns its reply, or <see cref="Passed"/>
    /// when none came within <paramref name="timeout"/> (one slot more at most).
    /// </summary>
    public static async Task<object> AskAsync(IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return await target.Ask<object>(message, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        var deadline = Shared.TokenFor(timeout);
        CancellationTokenRegistration registration = default;
        // The reply's temporary actor is made before the message goes: the deadline tells it Passed, as a reply would.
        var reply = target.Ask<object>(replyTo =>
        {
            registration = deadline.UnsafeRegister(static r => ((IActorRef)r!).Tell(Passed.Instance, ActorRefs.NoSender), replyTo);
            return message;
        }, Timeout.InfiniteTimeSpan, cancellationToken);
        try
        {
            return await reply.ConfigureAwait(false);
        }
        finally
        {
            registration.Dispose();
        }
    }

    private CancellationToken TokenFor(TimeSpan timeout)
    {
        // The first slot that ends at or after the deadline, and never the current one. The clock is Stopwatch's:
        // Environment.TickCount64 is the coarse clock on Linux, a few ms behind, which let a deadline pass early.
        var now = Stopwatch.GetTimestamp();
        var slot = Math.Max((now + (long)Math.Ceiling(timeout.TotalSeconds * Stopwatch.Frequency) + SlotTicks - 1) / SlotTicks, now / SlotTicks + 1);
        return _slots.GetOrAdd(slot, static _ => new CancellationTokenSource()).Token;
    }

    private static long Now => Stopwatch.GetTimestamp() / SlotTicks;

    // Every slot that has passed, including one an ask added late (it read the clock before a sweep and stored after it).
    private void Sweep()
    {
        var now = Now;
        foreach (var slot in _slots.Keys)
        {
            if (slot <= now && _slots.TryRemove(slot, out var source))
            {
                // Runs the registrations of the asks still waiting, here on the timer's thread: each is one Tell.
                source.Cancel();
            }
        }
    }

    /// <summary>The answer of an ask whose deadline passed.</summary>
    public sealed class Passed
    {
        public static readonly Passed Instance = new();

        private Passed()
        {
        }
    }
}
