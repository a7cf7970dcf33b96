using AuthActors.Engine.Serialization;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Attempts;

/// <summary>What the engine decided about a callback: a closed set.</summary>
public abstract record CallbackDecision
{
    private CallbackDecision()
    {
    }

    /// <summary>Refuse the callback with <paramref name="Failure"/>; the attempt does not change.</summary>
    public sealed record Refuse(Failed Failure) : CallbackDecision;

    /// <summary>Write <paramref name="Event"/>, then exchange its grant; the reply comes after the exchange.</summary>
    public sealed record Accept(CallbackAccepted Event) : CallbackDecision;

    /// <summary>Write <paramref name="Event"/> (a denial or the expiry), which ends the attempt, then reply with its outcome.</summary>
    public sealed record End(IAttemptEvent Event) : CallbackDecision;
}

/// <summary>
/// The pure state of one attempt: <see cref="Apply"/> folds events, the <c>Decide*</c> methods turn commands
/// into events or rejections. No actor system, no I/O, no clock of its own: time is a parameter.
/// </summary>
public sealed record AttemptState
{
    /// <summary>The state before any event.</summary>
    public static readonly AttemptState Empty = new();

    /// <summary>The phase.</summary>
    public AttemptPhase Phase { get; init; } = AttemptPhase.None;

    /// <summary>The attempt id.</summary>
    public string AttemptId { get; init; } = string.Empty;

    /// <summary>The provider name.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>1 or 2.</summary>
    public int OAuthVersion { get; init; }

    /// <summary>The callback URL sent to the provider.</summary>
    public string RedirectUri { get; init; } = string.Empty;

    /// <summary>SHA-256 of the browser-binding secret.</summary>
    public string BindingHash { get; init; } = string.Empty;

    /// <summary>When the attempt began.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the begin's span, if it was traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When the attempt expires.</summary>
    public DateTimeOffset Deadline { get; init; }

    /// <summary>The PKCE verifier (OAuth 2).</summary>
    public Secret? CodeVerifier { get; init; }

    /// <summary>The OpenID Connect nonce.</summary>
    public Secret? Nonce { get; init; }

    /// <summary>The OAuth 1 temporary credentials.</summary>
    public OAuth1Token? RequestToken { get; init; }

    /// <summary>The accepted grant (code or verifier), once a callback was accepted.</summary>
    public Secret? Grant { get; init; }

    /// <summary>The token, once exchanged.</summary>
    public OAuthToken? Token { get; init; }

    /// <summary>The identity, once established.</summary>
    public LoginIdentity? Identity { get; init; }

    /// <summary>When the attempt reached its terminal phase.</summary>
    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>The failure, once failed.</summary>
    public Failed? Failure { get; init; }

    /// <summary>True in Exchanged, Failed and Expired.</summary>
    public bool IsTerminal => Phase is AttemptPhase.Exchanged or AttemptPhase.Failed or AttemptPhase.Expired;

    /// <summary>Folds one event into the state.</summary>
    public AttemptState Apply(IAttemptEvent e) => e switch
    {
        AttemptStarted s => this with
        {
            AttemptId = s.AttemptId,
            Provider = s.Provider,
            OAuthVersion = s.OAuthVersion,
            RedirectUri = s.RedirectUri,
            BindingHash = s.BindingHash,
            StartedAt = s.StartedAt,
            TraceParent = s.TraceParent,
            Deadline = s.Deadline,
            CodeVerifier = s.CodeVerifier,
            Nonce = s.Nonce,
            Phase = s.OAuthVersion == 1 ? AttemptPhase.Started : AttemptPhase.Redirected,
        },
        RequestTokenObtained r => this with
        {
            RequestToken = new OAuth1Token(r.RequestToken, r.RequestTokenSecret.Value),
            Phase = AttemptPhase.Redirected,
        },
        CallbackAccepted c => this with { Grant = c.Grant, Phase = AttemptPhase.Exchanging },
        TokenExchanged t => this with { Token = t.Token, Grant = null, Phase = AttemptPhase.Identifying },
        IdentityEstablished i => this with { Identity = i.Identity, Phase = AttemptPhase.Exchanged, CompletedAt = i.At },
        AttemptFailed f => this with
        {
            Failure = new Failed(AttemptId, f.Reason, f.ProviderError, f.Description), Grant = null, Token = null, Phase = AttemptPhase.Failed, CompletedAt = f.At,
        },
        AttemptExpired x => this with
        {
            Failure = new Failed(AttemptId, FailureReason.Expired, null, "The login took longer than allowed."), Phase = AttemptPhase.Expired, CompletedAt = x.At,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown attempt event."),
    };

    /// <summary>The events that begin an OAuth 2 attempt (one row: started and redirected).</summary>
    public static AttemptStarted StartOAuth2(Begin begin, DateTimeOffset now, TimeSpan expiry, string? codeVerifier, string? nonce) =>
        new(begin.AttemptId, begin.Provider, 2, begin.RedirectUri, begin.BindingHash, now, now + expiry, Secret.From(codeVerifier), Secret.From(nonce))
        {
            TraceParent = begin.TraceParent,
        };

    /// <summary>The events that begin an OAuth 1 attempt once its request token is known (one atomic write).</summary>
    public static IAttemptEvent[] StartOAuth1(Begin begin, DateTimeOffset now, TimeSpan expiry, OAuth1Token requestToken) =>
    [
        new AttemptStarted(begin.AttemptId, begin.Provider, 1, begin.RedirectUri, begin.BindingHash, now, now + expiry, null, null) { TraceParent = begin.TraceParent },
        new RequestTokenObtained(requestToken.Token, new Secret(requestToken.TokenSecret)),
    ];

    /// <summary>
    /// The events that begin an attempt, from the redirect its provider's <see cref="LoginFlow"/> built: one row
    /// for OAuth 2 (started and redirected), two written at once for OAuth 1 (with the request token).
    /// </summary>
    public static IAttemptEvent[] DecideBegin(Begin begin, AuthorizeRedirect redirect, DateTimeOffset now, TimeSpan expiry) =>
        redirect.RequestToken is { } requestToken
            ? StartOAuth1(begin, now, expiry, requestToken)
            : [StartOAuth2(begin, now, expiry, redirect.CodeVerifier, redirect.Nonce)];

    /// <summary>
    /// Decides what a callback does in <see cref="AttemptPhase.Redirected"/>: a wrong binding, state, issuer or
    /// token, a missing code or verifier is refused and changes nothing; a denial from the bound browser ends the
    /// attempt; a callback after the deadline expires it; a valid one is accepted for the exchange.
    /// </summary>
    public CallbackDecision DecideCallback(Complete complete, LoginFlow flow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (CheckCaller(complete) is { } refused)
        {
            return new CallbackDecision.Refuse(refused);
        }

        if (now >= Deadline)
        {
            return new CallbackDecision.End(new AttemptExpired(now));
        }

        var (grant, error) = flow.ValidateCallback(complete.CallbackParameters, AttemptId, RequestToken);
        return error switch
        {
            // The binding and state (or request token) matched: this browser's own denial ends its login.
            { Kind: ErrorKind.Denied } => new CallbackDecision.End(new AttemptFailed(FailureReason.Denied, error.Code, error.Description, now)),
            not null => new CallbackDecision.Refuse(new Failed(AttemptId, FailureReasons.From(error), null, error.Description)),
            null => new CallbackDecision.Accept(new CallbackAccepted(new Secret(grant!), now)),
        };
    }

    /// <summary>The expiry of a pending attempt whose deadline has passed at <paramref name="now"/>, or <c>null</c>.</summary>
    public AttemptExpired? DecideExpiry(DateTimeOffset now) =>
        Phase is AttemptPhase.Started or AttemptPhase.Redirected && now >= Deadline ? new AttemptExpired(now) : null;

    /// <summary>
    /// What the token call's answer means: the token, or the failure. A recovery retry (the node stopped during
    /// the exchange) that gets <c>invalid_grant</c> (OAuth 2), or <c>token_used</c> or <c>token_rejected</c> (OAuth 1),
    /// means the first try redeemed the code or request token and its answer was lost: <see cref="FailureReason.ExchangeOutcomeLost"/>.
    /// </summary>
    public IAttemptEvent DecideExchangeOutcome(OAuthToken? token, OAuthError? error, bool isRecoveryRetry, DateTimeOffset now)
    {
        if (token is not null)
        {
            return new TokenExchanged(token, now);
        }

        error ??= new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The token call answered no token.");
        return isRecoveryRetry && SaysAlreadyRedeemed(error)
            ? new AttemptFailed(FailureReason.ExchangeOutcomeLost, error.Code,
                "A node stopped during the exchange and the code was already used: start a new login.", now)
            : new AttemptFailed(FailureReasons.From(error), FailureReasons.ProviderErrorOf(error), error.Description, now);
    }

    // What a provider answers an exchange whose code (OAuth 2) or request token (OAuth 1) was already redeemed.
    private bool SaysAlreadyRedeemed(OAuthError error) =>
        error.Kind == ErrorKind.Protocol && (RequestToken is null
            ? error.Code == Protocol.OAuth2.OAuth2Constants.Errors.InvalidGrant
            : error.Code is Protocol.OAuth1.OAuth1Constants.Problems.TokenUsed or Protocol.OAuth1.OAuth1Constants.Problems.TokenRejected);

    /// <summary>What identification's result means: the identity completes the login; no identity fails it (never a made-up one).</summary>
    public IAttemptEvent DecideIdentity(LoginIdentity? identity, FailureReason? reason, string? description, DateTimeOffset now) =>
        identity is not null
            ? new IdentityEstablished(identity, now)
            : new AttemptFailed(reason ?? FailureReason.IdentityUnavailable, null, description, now);

    /// <summary>
    /// Decides what a callback gets once the attempt is terminal: the caller check first; then a completed
    /// login hands its outcome to duplicates only within <paramref name="grace"/> of its completion (browser
    /// retries), later a typed <see cref="FailureReason.AlreadyCompleted"/> with no token and no identity.
    /// A failed or expired attempt keeps answering with its failure.
    /// </summary>
    public IReply DecideReplay(Complete complete, DateTimeOffset now, TimeSpan grace)
    {
        if (CheckCaller(complete) is { } refused)
        {
            return refused;
        }

        return Phase == AttemptPhase.Exchanged && now > CompletedAt + grace
            ? new Failed(AttemptId, FailureReason.AlreadyCompleted, null, "This login was already completed; a replayed callback signs nobody in.")
            : Outcome;
    }

    /// <summary>
    /// Checks that a callback may see this attempt's outcome: the binding, then the state (OAuth 2) or the
    /// request token (OAuth 1). Returns the refusal, or <c>null</c>.
    /// </summary>
    public Failed? CheckCaller(Complete complete)
    {
        if (!ConstantTime.Equals(complete.BindingHash, BindingHash))
        {
            return new Failed(AttemptId, FailureReason.BindingMismatch, null, "The browser binding does not match this login.");
        }

        var parameters = complete.CallbackParameters;
        return OAuthVersion == 2
            ? ConstantTime.Equals(parameters.First(Protocol.OAuth2.OAuth2Constants.AuthorizeResponse.State), AttemptId)
                ? null
                : new Failed(AttemptId, FailureReason.StateMismatch, null, "The callback's state does not belong to this login.")
            // X/Twitter reports a refusal as denied={request token} instead of oauth_token.
            : ConstantTime.Equals(parameters.First(OAuth1Constants.Parameters.Token) ?? parameters.First(OAuth1Constants.Parameters.Denied), RequestToken?.Token)
                ? null
                : new Failed(AttemptId, FailureReason.TokenMismatch, null, "The callback's oauth_token is not this login's request token.");
    }

    /// <summary>The outcome of a terminal attempt: the token, or the failure.</summary>
    public IReply Outcome => Phase switch
    {
        AttemptPhase.Exchanged => new Completed(AttemptId, Token!) { Identity = Identity },
        AttemptPhase.Failed or AttemptPhase.Expired => Failure!,
        _ => throw new InvalidOperationException($"An attempt in {Phase} has no outcome yet."),
    };

    /// <summary>The status reply.</summary>
    public Status ToStatus(string attemptId) =>
        new(attemptId, Provider, Phase, Phase == AttemptPhase.None ? null : Deadline, Failure?.Reason);
}
