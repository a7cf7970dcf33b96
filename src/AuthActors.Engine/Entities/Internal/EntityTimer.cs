using Akka.Actor;
using Akka.Dispatch;

namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// A single-shot message an entity schedules to itself (its idle check, an attempt's expiry), which lets go of the
/// entity when it is cancelled. Akka's scheduler keeps a cancelled registration in its wheel until the wheel next
/// passes its bucket (up to one turn, 5.12 s by default), and a <c>ScheduleTellOnce</c> or an <c>IWithTimers</c> timer
/// registers the receiver itself: every stopped entity stayed reachable, cell, mailbox and state, for seconds after it
/// stopped, lived into the oldest generation and died there. This timer is its own registration and its own
/// cancellation: cancelled, it forgets the entity, and the wheel keeps only these few bytes.
/// It is delivered as itself, so the entity can tell a timer cancelled after it fired (already in the mailbox, or
/// stashed) from a live one, as Akka's timers do, and drop it.
/// </summary>
internal sealed class EntityTimer : IRunnable, ICancelable
{
    private IActorRef? _target;

    private EntityTimer(IActorRef target, string key, object message, long due)
    {
        _target = target;
        Key = key;
        Message = message;
        Due = due;
    }

    /// <summary>The timer's name among the entity's timers; starting another with the same name cancels this one.</summary>
    public string Key { get; }

    /// <summary>What the entity receives when the timer fires.</summary>
    public object Message { get; }

    /// <summary>When it fires (<see cref="Environment.TickCount64"/>, ms).</summary>
    public long Due { get; }

    /// <summary>The next of the entity's timers (they form a short list, one per name).</summary>
    public EntityTimer? Next { get; set; }

    public bool IsCancellationRequested => Volatile.Read(ref _target) is null;

    /// <summary>Schedules <paramref name="message"/> to the context's actor after <paramref name="delay"/>.</summary>
    public static EntityTimer Start(IActorContext context, string key, object message, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var timer = new EntityTimer(context.Self, key, message, Environment.TickCount64 + (long)delay.TotalMilliseconds);
        context.System.Scheduler.Advanced.ScheduleOnce(delay, timer, timer);
        return timer;
    }

    /// <summary>Runs on the scheduler's thread when the timer is due.</summary>
    public void Run() => Volatile.Read(ref _target)?.Tell(this, ActorRefs.NoSender);

    void IThreadPoolWorkItem.Execute() => Run();

    public void Cancel() => Volatile.Write(ref _target, null);

    public void Cancel(bool throwOnFirstException) => Cancel();

    // The scheduler reads only IsCancellationRequested; nothing waits on a timer's token or delays its cancellation.
    CancellationToken ICancelable.Token => throw new NotSupportedException("An entity timer has no cancellation token.");

    void ICancelable.CancelAfter(TimeSpan delay) => throw new NotSupportedException("An entity timer is cancelled at once.");

    void ICancelable.CancelAfter(int millisecondsDelay) => throw new NotSupportedException("An entity timer is cancelled at once.");
}
