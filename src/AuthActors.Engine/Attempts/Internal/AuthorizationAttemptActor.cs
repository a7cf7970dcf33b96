using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Engine.Identity;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Engine.TokenFetch;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Attempts.Internal;

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
    private IActorRef? _awaitingPersist;
    private Behavior _behavior;
    // Who waits for the step in progress: the begin's caller while its request token is fetched, the callback's
    // during the exchange and the identity (Nobody after a recovery).
    private IActorRef _replyTo = ActorRefs.Nobody;
    private Begin? _pendingBegin;
    private bool _isRecoveryRetry;
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
        Resolving,
        DiscoveryUnavailable,
        AwaitingBegin,
        AwaitingRequestToken,
        AwaitingCallback,
        Exchanging,
        Identifying,
        Finished,
    }

    public override string PersistenceId { get; }

    private DateTimeOffset Now => _runtime.Clock.GetUtcNow();

    protected override void Apply(IAttemptEvent e) => _state = _state.Apply(e);

    protected override bool ReceiveCommand(object message) => _behavior switch
    {
        _ when IsWorking => WhileWorking(message),
        Behavior.DiscoveryUnavailable => WhileDiscoveryUnavailable(message),
        Behavior.AwaitingBegin => WhileAwaitingBegin(message),
        Behavior.AwaitingCallback => WhileAwaitingCallback(message),
        _ => WhileFinished(message),
    };

    protected override void OnRecovered()
    {
        SignalRecovered();

        if (_runtime.Oidc is not null && !_state.IsTerminal)
        {
            if (_runtime.Oidc.ResolvedOrNull is not { } resolved)
            {
                Resolving();
                return;
            }

            // The metadata is cached and fresh (every login but the first few): no step to wait for.
            Use(resolved);
        }

        EnterPhase();
    }

    private void Use(ProviderDefinition provider)
    {
        _provider = provider;
        _flow = LoginFlow.For(provider);
    }

    private void EnterPhase()
    {
        switch (_state.Phase)
        {
            case AttemptPhase.None:
                AwaitingBegin();
                break;
            case AttemptPhase.Redirected:
                AwaitingCallback();
                break;
            case AttemptPhase.Exchanging:
                // A node died mid-exchange: resolve it now with the one retry, so it never hangs.
                Log.Info("Attempt {0} recovered while exchanging; retrying the exchange once", LogRef);
                ExchangingCode(replyTo: null, isRecoveryRetry: true);
                break;
            case AttemptPhase.Identifying:
                // The token is safe in the journal; only the identity is missing: no second token request.
                Identifying(replyTo: null);
                break;
            default:
                Finished();
                break;
        }
    }

    // OpenID Connect discovery: the endpoints, issuer and keys come from the provider's metadata (cached per
    // provider). Until they are known, commands wait in the stash.
    private void Resolving()
    {
        _behavior = Behavior.Resolving;
        Resolve();
    }

    private void OnResolved(DiscoveredProvider result)
    {
        if (result.Provider is { } provider)
        {
            Use(provider);
            EnterPhase();
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

        _report.Refused(FailureReason.DiscoveryFailed);
        DiscoveryUnavailable(failed);
    }

    // Nothing is pending and the metadata cannot be had: answer every command at once (a command may arrive
    // after the failure, for example one queued behind a cached one) until the supervisor stops this incarnation;
    // the next one tries discovery again.
    private void DiscoveryUnavailable(Failed failed)
    {
        _behavior = Behavior.DiscoveryUnavailable;
        _discoveryFailure = failed;
        Passivate();
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

    private void Resolve() =>
        _runtime.Oidc!.ResolveAsync(Cancellation).PipeTo(Self, success: r => new Resolved(r),
            failure: ex => new Resolved(DiscoveredProvider.Fail(new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, ex.GetType().Name))));

    private void AwaitingBegin()
    {
        _behavior = Behavior.AwaitingBegin;
        Stash.UnstashAll();
        SetIdleTimeout(_runtime.Settings.IdleTimeout);
    }

    private bool WhileAwaitingBegin(object message)
    {
        switch (message)
        {
            case Begin begin:
                OnBegin(begin);
                return true;
            case Complete c:
                ReplyAndStop(new Failed(c.AttemptId, FailureReason.UnknownAttempt, null, "No such login attempt."));
                return true;
            case GetStatus:
                ReplyAndStop(_state.ToStatus(_attemptId));
                return true;
            default:
                return ReceiveLifecycle(message, idle: true);
        }
    }

    private void OnBegin(Begin begin)
    {
        // OAuth 1 needs its temporary credentials before the redirect; OAuth 2 redirects at once.
        if (_flow.PreRedirectCall(begin.RedirectUri, _runtime.Random, Now) is { } call)
        {
            Fetch(RequestTokenPurpose, call, r => _flow.ReadPreRedirect(r) is var p ? TokenFetcher.Result.Of(RequestTokenPurpose, p.Token, p.Error) : default!);
            AwaitingRequestToken(begin, Sender);
            return;
        }

        Redirect(begin, requestToken: null, Sender);
    }

    // The begin is durable before the redirect is handed out.
    private void Redirect(Begin begin, OAuth1Token? requestToken, IActorRef replyTo)
    {
        var redirect = _flow.Redirect(begin.RedirectUri, _runtime.Random, begin.ExtraParameters, state: _attemptId, requestToken);
        PersistThen(AttemptState.DecideBegin(begin, redirect, Now, _runtime.Settings.Expiry), replyTo, r =>
        {
            _report.Transitioned(AttemptPhase.None, _state);
            r.Tell(new Begun(_attemptId, redirect.Url, redirect.State));
            AwaitingCallback();
        });
    }

    private void AwaitingRequestToken(Begin begin, IActorRef replyTo)
    {
        _behavior = Behavior.AwaitingRequestToken;
        _pendingBegin = begin;
        _replyTo = replyTo;
    }

    private void OnRequestToken(TokenFetcher.Result result)
    {
        var (begin, replyTo) = (_pendingBegin!, _replyTo);
        _pendingBegin = null;
        if (result.Token is OAuth1Token requestToken)
        {
            Redirect(begin, requestToken, replyTo);
            return;
        }

        var error = result.Error!;
        var failed = new Failed(_attemptId, FailureReasons.From(error), FailureReasons.ProviderErrorOf(error), error.Description);
        _report.Refused(failed.Reason);
        // What waited for the request token (a begin sent twice, a callback for this id) gets the same outcome now,
        // rather than dead letters when this incarnation stops and its caller's deadline later.
        AnswerStashed(failed);
        ReplyAndStop(failed, replyTo);
    }

    private void AwaitingCallback()
    {
        _behavior = Behavior.AwaitingCallback;
        Stash.UnstashAll();
        var remaining = _state.Deadline - Now;
        StartTimer(ExpiryTimer, ExpiryTick.Instance, remaining);
        SetIdleTimeout(_runtime.Settings.IdleTimeout);
    }

    private bool WhileAwaitingCallback(object message)
    {
        switch (message)
        {
            case Complete complete:
                OnCallback(complete);
                return true;
            case Begin:
                RefuseBegin();
                return true;
            case ExpiryTick:
                if (_state.DecideExpiry(Now) is { } expired)
                {
                    PersistThen([expired], ActorRefs.Nobody, _ =>
                    {
                        _report.Transitioned(AttemptPhase.Redirected, _state);
                        Finished();
                    });
                }

                return true;
            case GetStatus:
                Sender.Tell(_state.ToStatus(_attemptId));
                return true;
            default:
                return ReceiveLifecycle(message, idle: true);
        }
    }

    private void OnCallback(Complete complete)
    {
        var decision = _state.DecideCallback(complete, _flow, Now);
        _report.CallbackStarted(complete.TraceParent, _state.TraceParent);
        switch (decision)
        {
            case CallbackDecision.Refuse refuse:
                _report.CallbackRefused(refuse.Failure.Reason);
                Sender.Tell(refuse.Failure);
                break;
            case CallbackDecision.Accept accept:
                PersistThen([accept.Event], Sender, replyTo =>
                {
                    _report.Transitioned(AttemptPhase.Redirected, _state);
                    ExchangingCode(replyTo, isRecoveryRetry: false);
                });
                break;
            case CallbackDecision.End end:
                PersistThen([end.Event], Sender, replyTo =>
                {
                    _report.Transitioned(AttemptPhase.Redirected, _state);
                    replyTo.Tell(Outcome);
                    Finished();
                });
                break;
        }
    }

    private void ExchangingCode(IActorRef? replyTo, bool isRecoveryRetry)
    {
        CancelTimer(ExpiryTimer);
        _report.StepStarted(AuthActorsTelemetry.ExchangeSpan, _state.TraceParent);
        StartExchange();
        _behavior = Behavior.Exchanging;
        _replyTo = replyTo ?? ActorRefs.Nobody;
        _isRecoveryRetry = isRecoveryRetry;
        SetIdleTimeout(null);
    }

    // A step in flight (discovery, the request token, the exchange, the identity): its result moves the attempt on.
    // Commands wait for it in the stash (duplicate callbacks wait for the one exchange and get its outcome); a status
    // request is answered at once.
    private bool WhileWorking(object message)
    {
        switch (message)
        {
            case Resolved resolved when _behavior == Behavior.Resolving:
                OnResolved(resolved.Result);
                return true;
            case RetryResolve when _behavior == Behavior.Resolving:
                Resolve();
                return true;
            case TokenFetcher.Result result when _behavior == Behavior.AwaitingRequestToken:
                OnRequestToken(result);
                return true;
            case TokenFetcher.Result result when _behavior == Behavior.Exchanging:
                OnExchanged(result);
                return true;
            case Identification.Result result when _behavior == Behavior.Identifying:
                OnIdentified(result);
                return true;
            case GetStatus:
                // A begin waiting for its request token has begun, though nothing of it is written yet.
                Sender.Tell(_behavior == Behavior.AwaitingRequestToken
                    ? _state.ToStatus(_attemptId) with { Phase = AttemptPhase.Started }
                    : _state.ToStatus(_attemptId));
                return true;
            case ICommand:
                Stash.Stash();
                return true;
            default:
                return ReceiveLifecycle(message, idle: false);
        }
    }

    private void OnExchanged(TokenFetcher.Result result)
    {
        _report.StepEnded(result.Error is null ? null : FailureReasons.From(result.Error));
        var outcome = _state.DecideExchangeOutcome(result.Token, result.Error, _isRecoveryRetry, Now);
        if (outcome is TokenExchanged && Identification.WithoutCalls(_provider, result.Token!) is { } identified)
        {
            // No call to wait for (OAuth 1's token response names the user): the token and the identity are written
            // together, so a crash before the write retries the exchange, as a crash before a token-only write would.
            PersistThen([outcome, Identified(identified)], _replyTo, r =>
            {
                _report.Transitioned(AttemptPhase.Exchanging, _state, via: AttemptPhase.Identifying);
                r.Tell(Outcome);
                Finished();
            });
            return;
        }

        PersistThen([outcome], _replyTo, r =>
        {
            _report.Transitioned(AttemptPhase.Exchanging, _state);
            if (_state.Phase == AttemptPhase.Identifying)
            {
                Identifying(r);
                return;
            }

            r.Tell(Outcome);
            Finished();
        });
    }

    private void Identifying(IActorRef? replyTo)
    {
        CancelTimer(ExpiryTimer);
        _report.StepStarted(AuthActorsTelemetry.IdentifySpan, _state.TraceParent);
        Identification.EstablishAsync(_runtime, _provider, _state.Token!, _state.Nonce?.Value, Cancellation)
            .PipeTo(Self, failure: ex => new Identification.Result(null, FailureReason.IdentityUnavailable, ex.GetType().Name));
        _behavior = Behavior.Identifying;
        _replyTo = replyTo ?? ActorRefs.Nobody;
        SetIdleTimeout(null);
    }

    private void OnIdentified(Identification.Result result)
    {
        _report.StepEnded(result.Identity is null ? result.Reason ?? FailureReason.IdentityUnavailable : null);
        PersistThen([Identified(result)], _replyTo, r =>
        {
            _report.Transitioned(AttemptPhase.Identifying, _state);
            r.Tell(Outcome);
            Finished();
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

    private IReply Outcome => _state.Outcome;

    private void Finished()
    {
        CancelTimer(ExpiryTimer);
        _behavior = Behavior.Finished;
        _replyTo = ActorRefs.Nobody;
        Stash.UnstashAll();
        SetIdleTimeout(_runtime.Settings.TerminalIdleTimeout);
    }

    private bool WhileFinished(object message)
    {
        switch (message)
        {
            case Complete c:
                Sender.Tell(_state.DecideReplay(c, Now, _runtime.Settings.CompletionGrace));
                return true;
            case Begin:
                RefuseBegin();
                return true;
            case GetStatus:
                Sender.Tell(_state.ToStatus(_attemptId));
                return true;
            case ExpiryTick:
                return true;
            default:
                return ReceiveLifecycle(message, idle: true);
        }
    }

    // A begin for an attempt that has begun (delivered twice, or an id used again): a typed refusal, at once, and
    // nothing changes. Every begin from the edge draws a new id.
    private void RefuseBegin()
    {
        _report.Refused(FailureReason.InvalidRequest);
        Sender.Tell(new Failed(_attemptId, FailureReason.InvalidRequest, null, "This login attempt has already begun; begin a new one."));
    }

    private void StartExchange()
    {
        var now = Now;
        var call = _flow.ExchangeCall(_state.Grant!.Value.Value, _state.RedirectUri, _state.CodeVerifier?.Value, _state.RequestToken, _runtime.Random, now);
        Fetch(AccessTokenPurpose, call, r => _flow.ReadToken(r, now) is var (token, error) ? TokenFetcher.Result.Of(AccessTokenPurpose, token, error) : default!);
    }

    private void Fetch(string purpose, ProviderCall call, Func<OAuthHttpResponse, TokenFetcher.Result> read) =>
        TokenFetcher.Start(Context, _runtime, purpose, call, read, Cancellation);

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

    protected override bool IsRoutedCommand(object message) => message is ICommand;

    // A provider call or discovery in flight: its caller (the begin's, the callback's) waits for what it writes.
    protected override bool IsWorking =>
        _behavior is Behavior.Resolving or Behavior.AwaitingRequestToken or Behavior.Exchanging or Behavior.Identifying;

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
