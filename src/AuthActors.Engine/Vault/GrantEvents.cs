using AuthActors.Engine.Serialization;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Vault;

/// <summary>An event in a grant's journal. Tokens and the subject are sealed on write, as in attempts.</summary>
public interface IGrantEvent : IAuthActorsMessage;

/// <summary>A login stored its tokens: the grant is (again) active, replacing any earlier token set.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="Subject">The validated subject (sealed: personal data).</param>
/// <param name="Issuer">The issuer that vouched for the subject.</param>
/// <param name="Token">The token set (sealed as a whole).</param>
/// <param name="At">When.</param>
/// <param name="AttemptId">The login attempt the tokens come from.</param>
public sealed record GrantStored(string Provider, Secret Subject, string Issuer, OAuthToken Token, DateTimeOffset At, string AttemptId) : IGrantEvent
{
    /// <summary>
    /// When the grant was last refreshed: set only when the grant restates itself after refreshes (a checkpoint,
    /// after which its earlier events are removed); a login's store has none.
    /// </summary>
    public DateTimeOffset? RefreshedAt { get; init; }

    /// <summary>Refreshes since the login: set only by a checkpoint, like <see cref="RefreshedAt"/>.</summary>
    public int RefreshCount { get; init; }
}

/// <summary>
/// A refresh request is about to be sent with the current refresh token. Until its outcome is written the
/// grant knows that the provider may have rotated the token without the grant hearing of it.
/// </summary>
/// <param name="At">When.</param>
public sealed record GrantRefreshStarted(DateTimeOffset At) : IGrantEvent;

/// <summary>A refresh succeeded: the new token set (with the rotated refresh token, or the old one when none was issued).</summary>
/// <param name="Token">The new token set (sealed as a whole).</param>
/// <param name="At">When.</param>
public sealed record GrantRefreshed(OAuthToken Token, DateTimeOffset At) : IGrantEvent;

/// <summary>
/// The provider refused the refresh token: the user must log in again. The reason tells whether the refusal
/// is the provider's own (<see cref="GrantFailureReason.ReauthenticationRequired"/>) or follows a refresh whose
/// outcome was lost (<see cref="GrantFailureReason.RefreshOutcomeLost"/>).
/// </summary>
/// <param name="Reason">Why.</param>
/// <param name="ProviderError">The provider's error code.</param>
/// <param name="At">When.</param>
public sealed record GrantRejected(GrantFailureReason Reason, string? ProviderError, DateTimeOffset At) : IGrantEvent;

/// <summary>The grant was signed out or revoked; its events are deleted after this one.</summary>
/// <param name="At">When.</param>
public sealed record GrantDeleted(DateTimeOffset At) : IGrantEvent;
