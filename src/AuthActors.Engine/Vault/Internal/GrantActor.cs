using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Engine.Identity;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Engine.TokenFetch;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Vault.TokenGrant;

namespace AuthActors.Engine.Vault.Internal;

/// <summary>
/// One grant. Its parent (a <see cref="Entities.LocalShard"/> or a Cluster Sharding shard) routes to it; when
/// idle the grant asks it to passivate (<see cref="IEntityParent"/>), and it is recreated on the next message:
/// the grant does not know which parent it has. Refreshes are single-flight: requests that arrive during one wait for its outcome,
/// which is written before anyone is answered.
/// </summary>
internal sealed class GrantActor : PersistentEntity<IGrantEvent>
{
    private const string RefreshPurpose = "refresh-token";
    private const string RevokePurpose = "revoke-token";
    private readonly IReadOnlyDictionary<string, ProviderRuntime> _runtimes;
    private readonly string _grantId;
    private readonly List<IActorRef> _waiting = [];
    private GrantState _state = GrantState.Empty;
    private OAuth2ProviderDefinition? _resolved;
    // Events after the latest store that make a checkpoint (a restatement of the grant as one store) worth its write.
    private const int CheckpointAfter = 16;
    // Superseded events that make a removal worth its journal operation: a user who logs in often is not charged one
    // removal per login, and a recovery replays at most this many events more than it needs.
    private const int RemoveAfter = 8;
    // Removal of superseded events: the latest store's sequence number, the first one recovery replayed, what the
    // latest store superseded, and whether a removal is with the journal.
    private long _storedSeq;
    private long _firstReplayedSeq;
    private long _supersededTo;
    private bool _removing;
    private Behavior _behavior;

    public GrantActor(IReadOnlyDictionary<string, ProviderRuntime> runtimes, string grantId, IEntityParent parent)
        : base(parent, TokenGrant.Stop.Instance, "Grant", grantId[..Math.Min(grantId.Length, grantId.LastIndexOf('.') + 9)])
    {
        _runtimes = runtimes;
        _grantId = grantId;
        PersistenceId = TokenGrant.PersistenceId(grantId);
        var provider = ProviderOf(grantId);
        if (provider is not null && runtimes.TryGetValue(provider, out var runtime) && runtime.Settings.JournalPluginId.Length > 0)
        {
            JournalPluginId = runtime.Settings.JournalPluginId;
        }

    }

    private enum Behavior
    {
        Ready,
        Refreshing,
        Deleting,
    }

    // A refresh or a deletion in flight (their behaviors stash every other message, the stop message too).
    protected override bool IsWorking => _behavior != Behavior.Ready;

    public override string PersistenceId { get; }

    private ProviderRuntime? RuntimeOrNull => ProviderOf(_grantId) is { } name && _runtimes.TryGetValue(name, out var r) ? r : null;

    private DateTimeOffset Now => (RuntimeOrNull?.Clock ?? TimeProvider.System).GetUtcNow();

    protected override void Apply(IGrantEvent e)
    {
        _state = _state.Apply(e);
        _firstReplayedSeq = _firstReplayedSeq == 0 ? LastSequenceNr : _firstReplayedSeq;
        if (e is GrantStored)
        {
            _storedSeq = LastSequenceNr;
        }
    }

    protected override bool ReceiveCommand(object message) => _behavior switch
    {
        Behavior.Ready => WhileReady(message),
        Behavior.Refreshing => WhileRefreshing(message),
        _ => WhileDeleting(message),
    };

    protected override void OnRecovered()
    {
        SignalRecovered();
        _firstReplayedSeq = _firstReplayedSeq == 0 ? LastSequenceNr + 1 : _firstReplayedSeq;
        if (_storedSeq - _firstReplayedSeq >= RemoveAfter)
        {
            // Many events a store superseded are still there (a removal failed, or they predate removals): remove them now.
            _supersededTo = _storedSeq - 1;
            RemoveSuperseded();
        }

        if (_state.HasUnresolvedRefresh && RuntimeOrNull is not null)
        {
            // A node stopped with a refresh in flight: settle it now, so the grant never sits on a refresh
            // token the provider may have spent without saying so.
            Log.Info("Grant {0} recovered with an unresolved refresh; refreshing again to settle it", LogRef);
            Refreshing();
            return;
        }

        Ready();
    }

    private void Ready()
    {
        _behavior = Behavior.Ready;
        Stash.UnstashAll();
        // Idle grants passivate; one in the middle of a refresh or a deletion never does (no timeout there).
        InUse();
    }

    private VaultSettings? Vault => RuntimeOrNull?.Settings.Vault;

    // A grant in use keeps the full idle timeout; one a login has just stored, and nobody has asked for yet, a short one.
    private void InUse() => SetIdleTimeout(Vault?.IdleTimeout ?? TimeSpan.FromSeconds(30));

    private bool WhileReady(object message)
    {
        switch (message)
        {
            case Store store:
                OnStore(store);
                return true;
            case GetToken get:
                InUse();
                OnGetToken(get);
                return true;
            case GetInfo:
                InUse();
                Sender.Tell(_state.ToInfo(_grantId));
                return true;
            case TokenGrant.Delete:
                Deleting(Sender);
                return true;
            default:
                return ReceiveDeleteOutcome(message) || ReceiveLifecycle(message, idle: true);
        }
    }

    private void OnStore(Store store)
    {
        if (RuntimeOrNull is null || store.Provider != ProviderOf(_grantId))
        {
            Sender.Tell(new Refused(_grantId, GrantFailureReason.UnknownProvider, null, "The grant's provider is not configured on this node."));
            return;
        }

        if (_state.DecideStore(store, Now) is not { } stored)
        {
            Sender.Tell(_state.ToInfo(_grantId));
            return;
        }

        var replyTo = Sender;
        _waiting.Add(replyTo);
        Persist(stored, e =>
        {
            _state = _state.Apply(e);
            _waiting.Remove(replyTo);
            replyTo.Tell(_state.ToInfo(_grantId));
            SetIdleTimeout(Vault?.StoredIdleTimeout ?? TimeSpan.FromMilliseconds(25));
            // A store replaces the whole state: what came before it (earlier logins' tokens, their refreshes) is never
            // read again, so it goes, and a returning user's grant recovers from one login's events, not every one.
            Stored();
        });
    }

    private void OnGetToken(GetToken get)
    {
        var runtime = RuntimeOrNull;
        switch (_state.DecideGetToken(Now, runtime?.Settings.Vault.RefreshLeeway ?? TimeSpan.Zero, get.RejectedFingerprint))
        {
            case TokenDecision.Hand hand:
                Sender.Tell(new Issued(_grantId, hand.Token, _state.ToInfo(_grantId)));
                break;
            case TokenDecision.Refuse refuse:
                Sender.Tell(new Refused(_grantId, refuse.Reason, null, refuse.Description));
                break;
            case TokenDecision.Refresh when runtime is null:
                Sender.Tell(new Refused(_grantId, GrantFailureReason.UnknownProvider, null, "The grant's provider is not configured on this node."));
                break;
            case TokenDecision.Refresh:
                _waiting.Add(Sender);
                Refreshing();
                break;
        }
    }

    // Single flight: one refresh at a time; every token request meanwhile waits for its outcome.
    private void Refreshing()
    {
        SetIdleTimeout(null);
        _behavior = Behavior.Refreshing;
        // Written before the request leaves: a node that stops from here on recovers knowing a refresh may have happened.
        Persist(new GrantRefreshStarted(Now), e =>
        {
            _state = _state.Apply(e);
            Resolve();
        });
    }

    private bool WhileRefreshing(object message)
    {
        switch (message)
        {
            case GetToken:
                _waiting.Add(Sender);
                break;
            case GetInfo:
                Sender.Tell(_state.ToInfo(_grantId));
                break;
            case Resolved resolved:
                SendRefresh(resolved.Provider);
                break;
            case TokenFetcher.Result { Purpose: RefreshPurpose } result:
                CheckRefreshed(result);
                break;
            case RefreshChecked c:
                Decided(c.Problem is null
                    ? _state.DecideRefreshOutcome(c.Result.Token, c.Result.Error, Now)
                    : _state.DecideRefreshedIdentityRejected(c.Problem, Now), c.Result.Error);
                break;
            default:
                if (!ReceiveDeleteOutcome(message))
                {
                    Stash.Stash();
                }

                break;
        }

        return true;
    }

    // An id_token in the answer must hold and name the grant's subject before the new tokens are trusted.
    private void CheckRefreshed(TokenFetcher.Result result)
    {
        if (result.Token is OAuth2Token { IdToken: not null } token && _resolved is { } provider && RuntimeOrNull is { } runtime)
        {
            Identification.CheckRefreshedIdTokenAsync(runtime, provider, token, _state.Subject!, Cancellation)
                .PipeTo(Self, success: problem => new RefreshChecked(result, problem), failure: ex => new RefreshChecked(result, "the id_token could not be checked: " + ex.GetType().Name));
            return;
        }

        Self.Tell(new RefreshChecked(result, null));
    }

    private void SendRefresh(OAuth2ProviderDefinition? provider)
    {
        _resolved = provider;
        var runtime = RuntimeOrNull!;
        var token = (OAuth2Token)_state.Token!;
        if (provider is null)
        {
            Self.Tell(TokenFetcher.Result.Of(RefreshPurpose, null, new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure,
                "The provider's metadata is unavailable.")));
            return;
        }

        var now = Now;
        var call = OAuth2Flow.RefreshTokenCall(provider, token.RefreshToken!, scope: null, now, runtime.NewNonce());
        TokenFetcher.Start(Context, runtime, RefreshPurpose, call,
            r => OAuth2Flow.ReadRefreshedToken(r, now, token.RefreshToken) is var p ? TokenFetcher.Result.Of(RefreshPurpose, p.Token, p.Error) : default!, Cancellation);
    }

    private void Decided(RefreshDecision decision, OAuthError? error)
    {
        AuthActorsTelemetry.RecordRefresh(_state.Provider ?? ProviderOf(_grantId)!, decision switch
        {
            RefreshDecision.Write { Refusal: { } refusal } => refusal.Reason.ToString(),
            RefreshDecision.Keep keep => keep.Refusal.Reason.ToString(),
            _ => null,
        });
        switch (decision)
        {
            case RefreshDecision.Write { Event: GrantRefreshed refreshed }:
                Persist(refreshed, e =>
                {
                    _state = _state.Apply(e);
                    Context.System.EventStream.Publish(new TokenUpdated(_state.Provider!, _state.Subject!, _grantId, refreshed.Token, _state.RefreshCount, refreshed.At));
                    Answer(new Issued(_grantId, refreshed.Token, _state.ToInfo(_grantId)));
                    CheckpointIfDue();
                });
                break;
            case RefreshDecision.Write write:
                Log.Warning("Grant {0}: the provider refused the refresh token; {1}", LogRef, write.Refusal!.Reason);
                Persist(write.Event, e =>
                {
                    _state = _state.Apply(e);
                    Answer(write.Refusal with { GrantId = _grantId });
                });
                break;
            case RefreshDecision.Keep keep:
                Log.Warning("Grant {0}: refresh failed ({1}); the grant is unchanged", LogRef, error?.Kind);
                Answer(keep.Refusal with { GrantId = _grantId });
                break;
        }
    }

    private void Answer(IReply reply)
    {
        foreach (var waiter in _waiting)
        {
            waiter.Tell(reply);
        }

        _waiting.Clear();
        Ready();
    }

    // Sign-out: revoke at the provider (RFC 7009) when it has a revocation endpoint, then delete the grant
    // whatever the provider said: the user asked to be forgotten.
    private void Deleting(IActorRef replyTo)
    {
        if (_state.Status == GrantStatus.None)
        {
            replyTo.Tell(new Deleted(_grantId, false, null));
            return;
        }

        _waiting.Add(replyTo);
        SetIdleTimeout(null);
        _behavior = Behavior.Deleting;
        Resolve();
    }

    private bool WhileDeleting(object message)
    {
        switch (message)
        {
            case Resolved resolved:
                SendRevoke(resolved.Provider);
                break;
            case TokenFetcher.Result { Purpose: RevokePurpose } result:
                Delete(revoked: result.Error is null, result.Error?.Code);
                break;
            case RevocationNotSupported:
                Delete(revoked: false, providerError: null);
                break;
            default:
                if (!ReceiveDeleteOutcome(message))
                {
                    Stash.Stash();
                }

                break;
        }

        return true;
    }

    // The journal's answer to a removal of events already superseded (by a store, or by the grant's deletion): nothing
    // waits on it. A failure leaves rows that a recovery replays and the store after them supersedes; the next store's
    // removal takes them.
    private bool ReceiveDeleteOutcome(object message)
    {
        switch (message)
        {
            case DeleteMessagesSuccess success:
                _removing = false;
                if (success.ToSequenceNr < _supersededTo)
                {
                    RemoveSuperseded();
                }

                return true;
            case DeleteMessagesFailure f:
                _removing = false;
                Log.Warning("Grant {0}: its superseded events could not be removed ({1})", LogRef, f.Cause.GetType().Name);
                if (f.ToSequenceNr < _supersededTo)
                {
                    // A later removal waited for this one (the grant's deletion, say): it is sent now, not dropped.
                    RemoveSuperseded();
                }

                return true;
            default:
                return false;
        }
    }

    // The store just written supersedes every event before it: once enough of them are left, they go.
    private void Stored()
    {
        _storedSeq = LastSequenceNr;
        if (_storedSeq - Math.Max(_firstReplayedSeq, _supersededTo + 1) >= RemoveAfter)
        {
            _supersededTo = _storedSeq - 1;
            RemoveSuperseded();
        }
    }

    // After many refreshes since the latest store, the grant restates itself as one store, and what came before goes:
    // a grant refreshed every hour for a year recovers from a few events, not 17,000, and spent tokens do not stay at rest.
    private void CheckpointIfDue()
    {
        if (LastSequenceNr - _storedSeq >= CheckpointAfter && _state.DecideCheckpoint() is { } checkpoint)
        {
            Persist(checkpoint, e =>
            {
                _state = _state.Apply(e);
                Stored();
            });
        }
    }

    // One removal at a time: a grant that many logins store at once (one user, many sessions) sends the journal one
    // removal, then one for everything the stores meanwhile superseded, not one per store.
    private void RemoveSuperseded()
    {
        if (!_removing && _supersededTo > 0)
        {
            _removing = true;
            DeleteMessages(_supersededTo);
        }
    }

    private void Delete(bool revoked, string? providerError) =>
        Persist(new GrantDeleted(Now), e =>
        {
            _state = _state.Apply(e);
            _supersededTo = LastSequenceNr;
            RemoveSuperseded();
            Answer(new Deleted(_grantId, revoked, providerError));
        });

    private void SendRevoke(OAuth2ProviderDefinition? provider)
    {
        var runtime = RuntimeOrNull;
        if (runtime is null || provider?.RevocationUrl is null || _state.Token is not OAuth2Token token)
        {
            // Nothing to tell the provider (OAuth 1, or no revocation endpoint): the grant is deleted here only.
            Self.Tell(RevocationNotSupported.Instance);
            return;
        }

        // Revoking the refresh token revokes the grant's access tokens too (RFC 7009 §2.1).
        var (value, hint) = token.RefreshToken is { } refresh ? (refresh, "refresh_token") : (token.AccessToken, "access_token");
        var call = OAuth2Flow.RevokeTokenCall(provider, value, hint, Now, runtime.NewNonce());
        TokenFetcher.Start(Context, runtime, RevokePurpose, call, r => TokenFetcher.Result.Of(RevokePurpose, null, Revocation.Parse(r).Error), Cancellation);
    }

    // OpenID Connect providers may know their endpoints only from discovery; others are complete as configured.
    private void Resolve()
    {
        var runtime = RuntimeOrNull;
        if (runtime?.Oidc is null)
        {
            Self.Tell(new Resolved(runtime?.Definition as OAuth2ProviderDefinition));
            return;
        }

        runtime.Oidc.ResolveAsync(Cancellation).PipeTo(Self, success: r => new Resolved(r.Provider), failure: _ => new Resolved(null));
    }

    protected override bool IsRoutedCommand(object message) => message is ICommand;

    protected override void AnswerJournalUnavailable()
    {
        var refused = new Refused(_grantId, GrantFailureReason.JournalUnavailable, null, "The journal is unavailable; nothing was changed. Try again.");
        foreach (var waiter in _waiting)
        {
            waiter.Tell(refused);
        }

        _waiting.Clear();
        foreach (var envelope in Stash.ClearStash())
        {
            envelope.Sender.Tell(refused);
        }
    }

    private sealed record Resolved(OAuth2ProviderDefinition? Provider);

    private sealed record RefreshChecked(TokenFetcher.Result Result, string? Problem);

    private sealed class RevocationNotSupported
    {
        public static readonly RevocationNotSupported Instance = new();
    }
}
