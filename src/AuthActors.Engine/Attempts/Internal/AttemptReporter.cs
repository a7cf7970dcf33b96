using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Statistics;
using AuthActors.Engine.Telemetry;

namespace AuthActors.Engine.Attempts.Internal;

/// <summary>
/// What an attempt tells besides its replies: its phase changes and refusals to the node's statistics (which feed
/// the metrics, <see cref="AttemptTelemetry"/>), its one log line, and its tracing spans: the callback's, linked to
/// the begin's, and the exchange or identify step inside it. One per incarnation: the attempt reports what it
/// decided, and keeps no spans and no event stream of its own.
/// </summary>
internal sealed class AttemptReporter
{
    private readonly EventStream _events;
    private readonly string _provider;
    private readonly ILoggingAdapter _log;
    private readonly string _logRef;
    private Activity? _callback;
    private Activity? _step;

    public AttemptReporter(ActorSystem system, string provider, ILoggingAdapter log, string logRef)
    {
        AttemptTelemetry.EnsureStarted(system);
        _events = system.EventStream;
        _provider = provider;
        _log = log;
        _logRef = logRef;
    }

    /// <summary>The attempt refused a command, or failed before it was written (a begin's request token, discovery).</summary>
    public void Refused(FailureReason reason) => _events.Publish(new AttemptStatistics.Refused(_provider, reason));

    /// <summary>A callback arrived: its span starts, a child of the caller's and linked to the begin's.</summary>
    public void CallbackStarted(string? traceParent, string? beginTraceParent) =>
        _callback = AuthActorsTelemetry.StartDetached(AuthActorsTelemetry.CallbackSpan, _provider, traceParent, link: beginTraceParent);

    /// <summary>The callback was refused without a write: it is counted, and its span ends.</summary>
    public void CallbackRefused(FailureReason reason)
    {
        Refused(reason);
        AuthActorsTelemetry.Stop(_callback, reason);
        _callback = null;
    }

    /// <summary>
    /// The exchange or identify step starts: a child of the callback's span, or (after a restart, with no callback
    /// waiting) a root linked to the begin's.
    /// </summary>
    public void StepStarted(string name, string? beginTraceParent) =>
        _step = AuthActorsTelemetry.StartDetached(name, _provider, _callback?.Id, link: _callback is null ? beginTraceParent : null);

    /// <summary>The step has its result.</summary>
    public void StepEnded(FailureReason? reason)
    {
        AuthActorsTelemetry.Stop(_step, reason);
        _step = null;
    }

    /// <summary>
    /// The attempt left <paramref name="from"/> for <paramref name="state"/>'s phase, passing through
    /// <paramref name="via"/> when one write took it across two phases. A login that ends gets its log line, and
    /// its callback span ends.
    /// </summary>
    public void Transitioned(AttemptPhase from, AttemptState state, AttemptPhase? via = null)
    {
        if (via is { } passed)
        {
            _events.Publish(new AttemptStatistics.Transitioned(_provider, from, passed, null));
            from = passed;
        }

        _events.Publish(new AttemptStatistics.Transitioned(_provider, from, state.Phase, state.Failure?.Reason));
        if (state.IsTerminal)
        {
            var outcome = state.Failure is { } failure ? failure.Reason.ToString() : "Completed";
            // Debug: a line per login at Information costs every login its formatting and a trip to the logger.
            _log.Debug("Login {0} with {1} ended: {2} after {3:0.000} s", _logRef, _provider, outcome, (state.CompletedAt - state.StartedAt).TotalSeconds);
            AuthActorsTelemetry.Stop(_callback, state.Failure?.Reason);
            _callback = null;
        }
    }

    /// <summary>The incarnation stops: spans still open end without a failure (the next incarnation goes on).</summary>
    public void Stopped()
    {
        StepEnded(null);
        AuthActorsTelemetry.Stop(_callback, null);
        _callback = null;
    }
}
