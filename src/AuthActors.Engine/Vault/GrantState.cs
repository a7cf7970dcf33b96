using AuthActors.Engine.Serialization;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Vault;

/// <summary>
/// The state of a grant, rebuilt from its events (<see cref="Apply"/>), and the grant's decisions as pure
/// functions of it: whether a token request is answered, refreshed first or refused, and what a refresh's
/// outcome means. The actor only recovers, persists, applies and replies.
/// </summary>
/// <param name="Status">Active, or why not.</param>
/// <param name="Provider">The provider.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Issuer">The subject's issuer.</param>
/// <param name="Token">The current token set.</param>
/// <param name="StoredAt">When the login stored it.</param>
/// <param name="RefreshedAt">When it was last refreshed.</param>
/// <param name="RefreshCount">Refreshes since the login.</param>
/// <param name="UnresolvedRefreshes">
/// Refreshes sent whose outcome is not written: 1 while one is in flight (or was, when a node stopped), more when
/// an earlier one's outcome was lost too.
/// </param>
public sealed record GrantState(
    GrantStatus Status,
    string? Provider,
    string? Subject,
    string? Issuer,
    OAuthToken? Token,
    DateTimeOffset? StoredAt,
    DateTimeOffset? RefreshedAt,
    int RefreshCount,
    int UnresolvedRefreshes)
{
    /// <summary>The login attempt whose tokens the grant was stored from.</summary>
    public string? AttemptId { get; init; }

    /// <summary>No grant.</summary>
    public static readonly GrantState Empty = new(GrantStatus.None, null, null, null, null, null, null, 0, 0);

    /// <summary>The state after <paramref name="e"/>.</summary>
    public GrantState Apply(IGrantEvent e) => e switch
    {
        GrantStored s => new GrantState(GrantStatus.Active, s.Provider, s.Subject.Value, s.Issuer, s.Token, s.At, s.RefreshedAt, s.RefreshCount, 0) { AttemptId = s.AttemptId },
        GrantRefreshStarted => this with { UnresolvedRefreshes = UnresolvedRefreshes + 1 },
        GrantRefreshed r => this with { Status = GrantStatus.Active, Token = r.Token, RefreshedAt = r.At, RefreshCount = RefreshCount + 1, UnresolvedRefreshes = 0 },
        GrantRejected r => this with
        {
            Status = r.Reason == GrantFailureReason.RefreshOutcomeLost ? GrantStatus.RefreshOutcomeLost : GrantStatus.ReauthenticationRequired,
            UnresolvedRefreshes = 0,
        },
        GrantDeleted => Empty,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown grant event."),
    };

    /// <summary>Whether a refresh was sent and its outcome is not known: the grant must settle it before anything else.</summary>
    public bool HasUnresolvedRefresh => Status == GrantStatus.Active && UnresolvedRefreshes > 0;

    /// <summary>What to do with a token request at <paramref name="now"/>.</summary>
    /// <param name="now">The time.</param>
    /// <param name="leeway">How long before expiry a token is refreshed.</param>
    /// <param name="rejectedFingerprint">The fingerprint of a token an API refused, if any.</param>
    public TokenDecision DecideGetToken(DateTimeOffset now, TimeSpan leeway, string? rejectedFingerprint)
    {
        switch (Status)
        {
            case GrantStatus.None:
                return new TokenDecision.Refuse(GrantFailureReason.NoGrant, "No grant is stored for this user; log in first.");
            case GrantStatus.ReauthenticationRequired:
                return new TokenDecision.Refuse(GrantFailureReason.ReauthenticationRequired, "The provider no longer honours this grant; log in again.");
            case GrantStatus.RefreshOutcomeLost:
                return new TokenDecision.Refuse(GrantFailureReason.RefreshOutcomeLost,
                    "A refresh was interrupted after the provider may have rotated the refresh token; log in again.");
        }

        var rejected = rejectedFingerprint is not null && rejectedFingerprint == TokenGrant.Fingerprint(Token!);
        if (Token is not OAuth2Token token)
        {
            return rejected
                ? new TokenDecision.Refuse(GrantFailureReason.RefreshNotSupported, "OAuth 1 tokens cannot be refreshed; log in again if the API refuses them.")
                : new TokenDecision.Hand(Token!);
        }

        if (HasUnresolvedRefresh)
        {
            return TokenDecision.Refresh.Instance;
        }

        var expired = token.ExpiresAt is { } expiresAt && now >= expiresAt;
        var due = rejected || (token.ExpiresAt is { } at && now >= at - leeway);
        if (!due)
        {
            return new TokenDecision.Hand(token);
        }

        if (token.RefreshToken is not null)
        {
            return TokenDecision.Refresh.Instance;
        }

        return expired || rejected
            ? new TokenDecision.Refuse(GrantFailureReason.ReauthenticationRequired, "The access token is no longer valid and there is no refresh token; log in again.")
            : new TokenDecision.Hand(token);
    }

    /// <summary>
    /// What a refresh's answer means. A token is written as the new token set (keeping the refresh token, scope
    /// and id_token the provider did not resend). <c>invalid_grant</c> ends the grant: as
    /// <see cref="GrantFailureReason.RefreshOutcomeLost"/> when an earlier refresh's outcome is unknown (the
    /// provider may have rotated the token then), else as <see cref="GrantFailureReason.ReauthenticationRequired"/>.
    /// Any other failure changes nothing: the refresh stays unresolved and is settled by the next one.
    /// </summary>
    public RefreshDecision DecideRefreshOutcome(OAuthToken? refreshed, OAuthError? error, DateTimeOffset now)
    {
        if (refreshed is OAuth2Token fresh && Token is OAuth2Token old)
        {
            var merged = fresh with
            {
                RefreshToken = fresh.RefreshToken ?? old.RefreshToken,
                Scope = fresh.Scope ?? old.Scope,
                IdToken = fresh.IdToken ?? old.IdToken,
            };
            return new RefreshDecision.Write(new GrantRefreshed(merged, now), null);
        }

        error ??= new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The refresh answered no usable token.");
        if (error.Kind == ErrorKind.Protocol && error.Code == OAuth2Constants.Errors.InvalidGrant)
        {
            var lost = UnresolvedRefreshes > 1;
            var reason = lost ? GrantFailureReason.RefreshOutcomeLost : GrantFailureReason.ReauthenticationRequired;
            return new RefreshDecision.Write(new GrantRejected(reason, error.Code, now), new TokenGrant.Refused(string.Empty, reason, error.Code,
                lost
                    ? "An earlier refresh was interrupted and the provider has since refused the refresh token; log in again."
                    : "The provider refused the refresh token; log in again."));
        }

        return new RefreshDecision.Keep(new TokenGrant.Refused(string.Empty, GrantFailureReason.ProviderUnavailable,
            Attempts.FailureReasons.ProviderErrorOf(error),
            $"The provider did not refresh the token ({error.Kind}); the grant is unchanged, try again later."));
    }

    /// <summary>
    /// A refresh answered an id_token that does not hold (OpenID Connect Core §12.2: wrong signature, issuer or
    /// audience, or another subject): the grant is not trusted any more, and the user must log in again.
    /// </summary>
    public RefreshDecision DecideRefreshedIdentityRejected(string problem, DateTimeOffset now) =>
        new RefreshDecision.Write(new GrantRejected(GrantFailureReason.ReauthenticationRequired, IdTokenRejected, now),
            new TokenGrant.Refused(string.Empty, GrantFailureReason.ReauthenticationRequired, IdTokenRejected, $"The refresh was refused: {problem}; log in again."));

    /// <summary>The provider-error code of a grant rejected for the id_token a refresh returned.</summary>
    public const string IdTokenRejected = "id_token_rejected";

    /// <summary>The state as shown to applications: no token values.</summary>
    public TokenGrant.Info ToInfo(string grantId) => new(
        grantId,
        Status,
        Provider,
        (Token as OAuth2Token)?.ExpiresAt,
        (Token as OAuth2Token)?.Scope,
        (Token as OAuth2Token)?.RefreshToken is not null,
        RefreshCount,
        StoredAt,
        RefreshedAt,
        UnresolvedRefreshes > 0);

    /// <summary>
    /// The grant restated as one event (its login's store with the refreshes since), after which the events before it
    /// are never read again; <c>null</c> unless the grant is active with no refresh in flight.
    /// </summary>
    public GrantStored? DecideCheckpoint() =>
        Status == GrantStatus.Active && UnresolvedRefreshes == 0 && Token is not null
            ? new(Provider!, new Secret(Subject!), Issuer!, Token, StoredAt!.Value, AttemptId!) { RefreshedAt = RefreshedAt, RefreshCount = RefreshCount }
            : null;

    /// <summary>
    /// The event that stores a login's tokens, or <c>null</c> when they are already stored: a callback replayed
    /// within the completion grace must not put back tokens that a refresh has replaced since.
    /// </summary>
    public GrantStored? DecideStore(TokenGrant.Store store, DateTimeOffset now) =>
        Status != GrantStatus.None && AttemptId == store.AttemptId
            ? null
            : new(store.Provider, new Secret(store.Subject), store.Issuer, store.Token, now, store.AttemptId);
}

/// <summary>What a grant does with a token request: a closed set.</summary>
public abstract record TokenDecision
{
    private TokenDecision()
    {
    }

    /// <summary>Answer with this token.</summary>
    public sealed record Hand(OAuthToken Token) : TokenDecision;

    /// <summary>Refresh first (callers wait for the one refresh).</summary>
    public sealed record Refresh : TokenDecision
    {
        /// <summary>The instance.</summary>
        public static readonly Refresh Instance = new();
    }

    /// <summary>Refuse, with a reason.</summary>
    public sealed record Refuse(GrantFailureReason Reason, string Description) : TokenDecision;
}

/// <summary>What a refresh's answer leads to: a closed set.</summary>
public abstract record RefreshDecision
{
    private RefreshDecision()
    {
    }

    /// <summary>Write <paramref name="Event"/>; then answer with the new token, or with <paramref name="Refusal"/>.</summary>
    public sealed record Write(IGrantEvent Event, TokenGrant.Refused? Refusal) : RefreshDecision;

    /// <summary>Write nothing and answer with <paramref name="Refusal"/>: the grant is unchanged.</summary>
    public sealed record Keep(TokenGrant.Refused Refusal) : RefreshDecision;
}
