using AuthActors.Engine.Serialization;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Attempts;

/// <summary>An event in an attempt's journal. Secret fields are <see cref="Secret"/> or tokens, encrypted on write.</summary>
public interface IAttemptEvent : IAuthActorsMessage;

/// <summary>
/// The attempt began. For OAuth 2 this also means Redirected: nothing happens between the two, so one
/// row records both.
/// </summary>
/// <param name="AttemptId">The attempt id (the OAuth 2 <c>state</c>).</param>
/// <param name="Provider">The provider name.</param>
/// <param name="OAuthVersion">1 or 2.</param>
/// <param name="RedirectUri">The callback URL sent to the provider.</param>
/// <param name="BindingHash">SHA-256 of the browser-binding secret (base64url); the secret itself is never stored.</param>
/// <param name="StartedAt">When it began.</param>
/// <param name="Deadline">When it expires.</param>
/// <param name="CodeVerifier">The PKCE verifier (OAuth 2).</param>
/// <param name="Nonce">The OpenID Connect nonce (OAuth 2 with <c>openid</c>).</param>
public sealed record AttemptStarted(
    string AttemptId,
    string Provider,
    int OAuthVersion,
    string RedirectUri,
    string BindingHash,
    DateTimeOffset StartedAt,
    DateTimeOffset Deadline,
    Secret? CodeVerifier,
    Secret? Nonce) : IAttemptEvent
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the begin's span, so that the callback's span (maybe on another node) links
    /// to it; <c>null</c> when nobody traced the begin, and in events written before it existed.
    /// </summary>
    public string? TraceParent { get; init; }
}

/// <summary>OAuth 1: the temporary credentials were obtained and the user redirected (written with <see cref="AttemptStarted"/>).</summary>
/// <param name="RequestToken">The <c>oauth_token</c> the callback must carry.</param>
/// <param name="RequestTokenSecret">Its secret.</param>
public sealed record RequestTokenObtained(string RequestToken, Secret RequestTokenSecret) : IAttemptEvent;

/// <summary>A valid callback arrived; its grant (OAuth 2 code or OAuth 1 verifier) is kept for the exchange and its one retry.</summary>
/// <param name="Grant">The code or verifier.</param>
/// <param name="At">When.</param>
public sealed record CallbackAccepted(Secret Grant, DateTimeOffset At) : IAttemptEvent;

/// <summary>The token was obtained; the identity comes next (<see cref="IdentityEstablished"/>).</summary>
/// <param name="Token">The token (encrypted as a whole in the journal).</param>
/// <param name="At">When.</param>
public sealed record TokenExchanged(OAuthToken Token, DateTimeOffset At) : IAttemptEvent;

/// <summary>The exchange failed for good.</summary>
/// <param name="Reason">Why.</param>
/// <param name="ProviderError">The provider's error code, if any.</param>
/// <param name="Description">A description without secrets.</param>
/// <param name="At">When.</param>
public sealed record AttemptFailed(FailureReason Reason, string? ProviderError, string? Description, DateTimeOffset At) : IAttemptEvent;

/// <summary>The deadline passed without a valid callback.</summary>
/// <param name="At">When.</param>
public sealed record AttemptExpired(DateTimeOffset At) : IAttemptEvent;

/// <summary>The user was identified: the login is complete.</summary>
/// <param name="Identity">The validated identity (sealed as a whole in the journal, like tokens).</param>
/// <param name="At">When.</param>
public sealed record IdentityEstablished(LoginIdentity Identity, DateTimeOffset At) : IAttemptEvent;
