using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Engine.Identity;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Engine.TokenFetch;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Attempts.Internal;

/// <summary>
/// One authorization attempt. It recovers its events, asks <see cref="AttemptState"/> what a command or a step's result
/// means, writes that, and then goes on from the phase the write led to (<see cref="Continue"/>): it waits for a
/// command, starts the next step (the exchange, the identity), or hands out the outcome. The provider's
/// <see cref="LoginFlow"/> builds and reads every call, so nothing here branches on the OAuth version.
/// </summary>
internal sealed class AuthorizationAttemptActor : PersistentEntity<IAttemptEvent>
{
    private const string ExpiryTimer = "expiry";
    private const string ResolveTimer = "resolve";
    private const string RequestTokenPurpose = "request-token";
    private const string AccessTokenPurpose = "access-token";
    private readonly ProviderRuntime _runtime;
    private readonly string _attemptId;
    private readonly AttemptReporter _report;
    private AttemptState _state = AttemptState.Empty;
    private Behavior _behavior;
    // The step in flight (discovery, the request token, the exchange, the identity): what its result does, and who
    // waits for it (the begin's caller, the callback's; Nobody after a recovery).
    private Action<object>? _step;
    private IActorRef _replyTo = ActorRefs.Nobody;
    private IActorRef? _awaitingPersist;
    // A begin waits for its request token: nothing of it is written yet, but its status is Started.
    private bool _beginInFlight;
    private Failed? _discoveryFailure;
    private ProviderDefinition _provider;
    private LoginFlow _flow;

    public AuthorizationAttemptActor(ProviderRuntime runtime, string attemptId, IEntityParent parent, bool isNew = false)
        : base(parent, Stop.Instance, "Attempt", LogReference(attemptId))
    {
        _runtime = runtime;
        _attemptId = attemptId;
        _provider = runtime.Definition;
        _flow = LoginFlow.For(_provider);
        PersistenceId = AuthorizationAttempt.PersistenceId(runtime.Name, attemptId);
        if (runtime.Settings.JournalPluginId.Length > 0)
        {
            JournalPluginId = runtime.Settings.JournalPluginId;
        }

        if (isNew)
        {
            MarkNew();
        }

        _report = new AttemptReporter(Context.System, runtime.Name, Log, LogRef);
    }

    private enum Behavior
    {
        // Nothing in flight: the phase decides what a command does.
        Waiting,
        // A step in flight: commands wait for it in the stash.
        Working,
        // Nothing pending, and the provider's metadata cannot be had: every command gets that failure.
        DiscoveryUnavailable,
    }

    public override string PersistenceId { get; }

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    // A provider call or discovery in flight: a stop the entity did not ask for waits until its outcome is written.
    protected override bool IsWorking => _behavior == Behavior.Working;

    protected override void Apply(IAttemptEvent e) => _state = _state.Apply(e);

    protected override bool IsRoutedCommand(object message) => message is ICommand;

    protected override bool ReceiveCommand(object message) => _behavior switch
    {
        Behavior.Waiting => WhileWaiting(message),
        Behavior.Working => WhileWorking(message),
        _ => WhileDiscoveryUnavailable(message),
    };

    protected override void OnRecovered()
    {
        SignalRecovered();
        if (_runtime.Oidc is { } oidc && !_state.IsTerminal)
        {
            // OpenID Connect: the endpoints, issuer and keys come from the provider's metadata, cached per provider
            // (fresh for every login but the first few). Until they are known, commands wait in the stash.
            if (oidc.ResolvedOrNull is not { } resolved)
            {
                Resolve();
                return;
            }

            Use(resolved);
        }

        Continue(ActorRefs.Nobody, recovered: true);
    }

    // What the phase leads to, after a recovery and after every write: the next step, or waiting for a command (with
    // the outcome handed out first when the attempt has ended).
    private void Continue(IActorRef replyTo, bool recovered = false)
    {
        switch (_state.Phase)
        {
            case AttemptPhase.Exchanging:
                if (recovered)
                {
                    // A node died mid-exchange: resolve it now with the one retry, so it never hangs.
                    Log.Info("Attempt {0} recovered while exchanging; retrying the exchange once", LogRef);
                }

                Exchange(replyTo, isRecoveryRetry: recovered);
                break;
            case AttemptPhase.Identifying:
                // The token is safe in the journal; only the identity is missing: no second token request.
                Identify(replyTo);
                break;
            default:
                if (_state.IsTerminal)
                {
                    replyTo.Tell(_state.Outcome);
                }

                Waiting();
                break;
        }
    }

    private void Waiting()
    {
        _behavior = Behavior.Waiting;
        _step = null;
        _replyTo = ActorRefs.Nobody;
        Stash.UnstashAll();
        if (_state.Phase is AttemptPhase.Started or AttemptPhase.Redirected)
        {
            StartTimer(ExpiryTimer, ExpiryTick.Instance, _state.Deadline - Now);
        }
        else
        {
            CancelTimer(ExpiryTimer);
        }

        SetIdleTimeout(_state.IsTerminal ? _runtime.Settings.TerminalIdleTimeout : _runtime.Settings.IdleTimeout);
    }

    private bool WhileWaiting(object message)
    {
        switch (message)
        {
            case Begin begin when _state.Phase == AttemptPhase.None:
                OnBegin(begin);
                return true;
            case Begin:
                // Delivered twice, or an id used again: refused at once, and nothing changes. The edge draws a new id
                // for every begin.
                _report.Refused(FailureReason.InvalidRequest);
                Sender.Tell(new Failed(_attemptId, FailureReason.InvalidRequest, null, "This login attempt has already begun; begin a new one."));
                return true;
            case Complete c when _state.Phase == AttemptPhase.None:
                ReplyAndStop(new Failed(c.AttemptId, FailureReason.UnknownAttempt, null, "No such login attempt."));
                return true;
            case Complete c when _state.IsTerminal:
                Sender.Tell(_state.DecideReplay(c, Now, _runtime.Settings.CompletionGrace));
                return true;
            case Complete c:
                OnCallback(c);
                return true;
            case GetStatus when _state.Phase == AttemptPhase.None:
                ReplyAndStop(_state.ToStatus(_attemptId));
                return true;
            case GetStatus:
                Sender.Tell(_state.ToStatus(_attemptId));
                return true;
            case ExpiryTick:
                if (_state.DecideExpiry(Now) is { } expired)
                {
                    Write([expired], ActorRefs.Nobody);
                }

                return true;
            default:
                return ReceiveLifecycle(message, idle: true);
        }
    }

    private void OnBegin(Begin begin)
    {
        // OAuth 1 needs its temporary credentials before the redirect; OAuth 2 redirects at once.
        if (_flow.PreRedirectCall(begin.RedirectUri, _runtime.Random, Now) is not { } call)
        {
            Redirect(begin, requestToken: null, Sender);
            return;
        }

        _beginInFlight = true;
        Fetch(RequestTokenPurpose, call, r =>
        {
            var read = _flow.ReadPreRedirect(r);
            return TokenFetcher.Result.Of(RequestTokenPurpose, read.Token, read.Error);
        });
        Await(Sender, result => OnRequestToken(begin, (TokenFetcher.Result)result));
    }

    private void OnRequestToken(Begin begin, TokenFetcher.Result result)
    {
        _beginInFlight = false;
        if (result.Token is OAuth1Token requestToken)
        {
            Redirect(begin, requestToken, _replyTo);
            return;
        }

        var error = result.Error!;
        var failed = new Failed(_attemptId, FailureReasons.From(error), FailureReasons.ProviderErrorOf(error), error.Description);
        _report.Refused(failed.Reason);
        // What waited for the request token (a begin sent twice, a callback for this id) gets the same outcome now,
        // rather than dead letters when this incarnation stops and its caller's deadline later.
        AnswerStashed(failed);
        ReplyAndStop(failed, _replyTo);
    }

    // The begin is durable before the redirect is handed out.
    private void Redirect(Begin begin, OAuth1Token? requestToken, IActorRef replyTo)
    {
        var redirect = _flow.Redirect(begin.RedirectUri, _runtime.Random, begin.ExtraParameters, state: _attemptId, requestToken);
        PersistThen(AttemptState.DecideBegin(begin, redirect, Now, _runtime.Settings.Expiry), replyTo, r =>
        {
            _report.Transitioned(AttemptPhase.None, _state);
            r.Tell(new Begun(_attemptId, redirect.Url, redirect.State));
            Continue(r);
        });
    }

    private void OnCallback(Complete complete)
    {
        _report.CallbackStarted(complete.TraceParent, _state.TraceParent);
        switch (_state.DecideCallback(complete, _flow, Now))
        {
            case CallbackDecision.Refuse refuse:
                _report.CallbackRefused(refuse.Failure.Reason);
                Sender.Tell(refuse.Failure);
                break;
            case CallbackDecision.Accept accept:
                // Written before the exchange: a node that dies during it retries once, and never redeems twice.
                Write([accept.Event], Sender);
                break;
            case CallbackDecision.End end:
                Write([end.Event], Sender);
                break;
        }
    }

    private void Exchange(IActorRef replyTo, bool isRecoveryRetry)
    {
        _report.StepStarted(AuthActorsTelemetry.ExchangeSpan, _state.TraceParent);
        var now = Now;
        var call = _flow.ExchangeCall(_state.Grant!.Value.Value, _state.RedirectUri, _state.CodeVerifier?.Value, _state.RequestToken, _runtime.Random, now);
        Fetch(AccessTokenPurpose, call, r =>
        {
            var (token, error) = _flow.ReadToken(r, now);
            return TokenFetcher.Result.Of(AccessTokenPurpose, token, error);
        });
        Await(replyTo, result => OnExchanged((TokenFetcher.Result)result, isRecoveryRetry));
    }

    private void OnExchanged(TokenFetcher.Result result, bool isRecoveryRetry)
    {
        _report.StepEnded(result.Error is null ? null : FailureReasons.From(result.Error));
        var outcome = _state.DecideExchangeOutcome(result.Token, result.Error, isRecoveryRetry, Now);
        if (outcome is TokenExchanged && Identification.WithoutCalls(_provider, result.Token!) is { } identified)
        {
            // No call to wait for (OAuth 1's token response names the user): the token and the identity are written
            // together, so a crash before the write retries the exchange, as a crash before a token-only write would.
            Write([outcome, Identified(identified)], _replyTo, via: AttemptPhase.Identifying);
            return;
        }

        Write([outcome], _replyTo);
    }

    private void Identify(IActorRef replyTo)
    {
        _report.StepStarted(AuthActorsTelemetry.IdentifySpan, _state.TraceParent);
        Identification.EstablishAsync(_runtime, _provider, _state.Token!, _state.Nonce?.Value, Cancellation)
            .PipeTo(Self, failure: ex => new Identification.Result(null, FailureReason.IdentityUnavailable, ex.GetType().Name));
        Await(replyTo, message =>
        {
            var result = (Identification.Result)message;
            _report.StepEnded(result.Identity is null ? result.Reason ?? FailureReason.IdentityUnavailable : null);
            Write([Identified(result)], _replyTo);
        });
    }

    // What identification's result means for the attempt: its identity, or a typed failure (never a made-up identity).
    private IAttemptEvent Identified(Identification.Result result)
    {
        if (result.Identity is null)
        {
            Log.Warning("Attempt {0}: no identity ({1}); the login fails", LogRef, result.Reason);
        }

        return _state.DecideIdentity(result.Identity, result.Reason, result.Description, Now);
    }

    private void Resolve()
    {
        _runtime.Oidc!.ResolveAsync(Cancellation).PipeTo(Self, success: r => new Resolved(r),
            failure: ex => new Resolved(DiscoveredProvider.Fail(new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, ex.GetType().Name))));
        Await(ActorRefs.Nobody, result => OnResolved(((Resolved)result).Result));
    }

    private void OnResolved(DiscoveredProvider result)
    {
        if (result.Provider is { } provider)
        {
            Use(provider);
            Continue(ActorRefs.Nobody, recovered: true);
            return;
        }

        var failed = new Failed(_attemptId, FailureReason.DiscoveryFailed, null, $"The provider's metadata is unavailable: {result.Error}");
        Log.Warning("Attempt {0}: discovery failed ({1})", LogRef, result.Error?.Kind);
        AnswerStashed(failed);
        if (_state.Phase is AttemptPhase.Exchanging or AttemptPhase.Identifying)
        {
            // Work is pending: try again (the cache backs off), so it never hangs.
            StartTimer(ResolveTimer, RetryResolve.Instance, TimeSpan.FromSeconds(2));
            return;
        }

        // Nothing is pending: answer every command at once (one may arrive after the failure, queued behind a cached
        // one) until the parent stops this incarnation; the next one tries discovery again.
        _report.Refused(FailureReason.DiscoveryFailed);
        _behavior = Behavior.DiscoveryUnavailable;
        _discoveryFailure = failed;
        Passivate();
    }

    private void Use(ProviderDefinition provider)
    {
        _provider = provider;
        _flow = LoginFlow.For(provider);
    }

    // A step is in flight: its result (piped to this actor) moves the attempt on.
    private void Await(IActorRef replyTo, Action<object> onResult)
    {
        _behavior = Behavior.Working;
        _replyTo = replyTo;
        _step = onResult;
        CancelTimer(ExpiryTimer);
        SetIdleTimeout(null);
    }

    // Commands wait for the step in the stash (duplicate callbacks wait for the one exchange and get its outcome); a
    // status request is answered at once.
    private bool WhileWorking(object message)
    {
        switch (message)
        {
            case TokenFetcher.Result or Identification.Result or Resolved when _step is { } step:
                _step = null;
                step(message);
                return true;
            case RetryResolve:
                Resolve();
                return true;
            case GetStatus:
                Sender.Tell(_beginInFlight ? _state.ToStatus(_attemptId) with { Phase = AttemptPhase.Started } : _state.ToStatus(_attemptId));
                return true;
            case ICommand:
                Stash.Stash();
                return true;
            default:
                return ReceiveLifecycle(message, idle: false);
        }
    }

    private bool WhileDiscoveryUnavailable(object message)
    {
        switch (message)
        {
            case GetStatus:
                Sender.Tell(_state.ToStatus(_attemptId));
                return true;
            case ICommand c:
                Sender.Tell(_discoveryFailure! with { AttemptId = c.AttemptId });
                return true;
            default:
                return ReceiveLifecycle(message, idle: false);
        }
    }

    private void Fetch(string purpose, ProviderCall call, Func<OAuthHttpResponse, TokenFetcher.Result> read) =>
        TokenFetcher.Start(Context, _runtime, purpose, call, read, Cancellation);

    // Writes the events; then the attempt goes on from the phase they lead to, and the reply follows the write.
    private void Write(IReadOnlyList<IAttemptEvent> events, IActorRef replyTo, AttemptPhase? via = null)
    {
        var from = _state.Phase;
        PersistThen(events, replyTo, r =>
        {
            _report.Transitioned(from, _state, via);
            Continue(r);
        });
    }

    private void PersistThen(IReadOnlyList<IAttemptEvent> events, IActorRef replyTo, Action<IActorRef> then)
    {
        _awaitingPersist = replyTo;
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining == 0)
            {
                _awaitingPersist = null;
                then(replyTo);
            }
        });
    }

    private void ReplyAndStop(object reply, IActorRef? to = null)
    {
        (to ?? Sender).Tell(reply);
        Passivate();
    }

    protected override void PostStop()
    {
        _report.Stopped();
        base.PostStop();
    }

    protected override void AnswerJournalUnavailable()
    {
        var failed = new Failed(_attemptId, FailureReason.JournalUnavailable, null, "The journal is unavailable; nothing was changed. Try again.");
        _awaitingPersist?.Tell(failed);
        AnswerStashed(failed);
    }

    // Every command put aside until a step ends gets that step's failure (a status request is never put aside: every
    // behavior answers it at once); nothing else is stashed.
    private void AnswerStashed(Failed failed)
    {
        foreach (var envelope in Stash.ClearStash())
        {
            envelope.Sender.Tell(failed);
        }
    }

    private sealed class ExpiryTick
    {
        public static readonly ExpiryTick Instance = new();
    }

    private sealed record Resolved(DiscoveredProvider Result);

    private sealed class RetryResolve
    {
        public static readonly RetryResolve Instance = new();
    }
}
