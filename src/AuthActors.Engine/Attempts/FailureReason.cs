using AuthActors.Protocol.Http;

namespace AuthActors.Engine.Attempts;

/// <summary>Why a begin or a callback did not produce what the caller asked for.</summary>
public enum FailureReason
{
    /// <summary>No provider with that name is configured.</summary>
    UnknownProvider,
    /// <summary>No attempt with that id exists (never begun, or purged after its retention).</summary>
    UnknownAttempt,
    /// <summary>The callback's <c>state</c> is missing or is not this attempt's (RFC 6749 §10.12).</summary>
    StateMismatch,
    /// <summary>The browser binding (the HttpOnly cookie) is missing or does not match.</summary>
    BindingMismatch,
    /// <summary>OAuth 1: the callback's <c>oauth_token</c> is missing or is not this attempt's request token.</summary>
    TokenMismatch,
    /// <summary>The callback's <c>iss</c> is not this provider's issuer (RFC 9207).</summary>
    IssuerMismatch,
    /// <summary>OAuth 2: the callback carries neither a code nor an error.</summary>
    MissingCode,
    /// <summary>OAuth 1: the callback carries no <c>oauth_verifier</c>.</summary>
    MissingVerifier,
    /// <summary>The user (or the provider) refused the authorization, for example <c>access_denied</c>.</summary>
    Denied,
    /// <summary>The attempt's deadline passed before a valid callback arrived.</summary>
    Expired,
    /// <summary>The provider answered with an OAuth error; <c>ProviderError</c> holds its code.</summary>
    ProviderError,
    /// <summary>The provider answered 2xx with something that is not a valid response.</summary>
    InvalidResponse,
    /// <summary>The provider answered with an HTTP error status and no OAuth error.</summary>
    HttpError,
    /// <summary>The provider did not answer (refused, dropped, timed out).</summary>
    TransportFailure,
    /// <summary>
    /// A node died while exchanging; the retry after recovery found the code already used
    /// (<c>invalid_grant</c>), so the token that was issued is lost: start a new login.
    /// </summary>
    ExchangeOutcomeLost,
    /// <summary>The journal could not be written or read; nothing was changed. Retry later.</summary>
    JournalUnavailable,
    /// <summary>The engine did not answer in time.</summary>
    Timeout,
    /// <summary>The request is malformed (for example an attempt id of the wrong shape).</summary>
    InvalidRequest,
    /// <summary>The provider's OpenID Connect metadata or JWKS could not be fetched or used; retried with a backoff.</summary>
    DiscoveryFailed,
    /// <summary>
    /// The id_token is missing or broke a rule of OpenID Connect Core §3.1.3.7; the description starts with the
    /// rule (an <c>IdTokenError</c> name, for example <c>NonceMismatch</c>).
    /// </summary>
    IdTokenInvalid,
    /// <summary>The user info's <c>sub</c> is missing or is not the id_token's (OpenID Connect Core §5.3.2).</summary>
    SubjectMismatch,
    /// <summary>No subject could be established (the user info call failed or holds none): no sign-in with a made-up id.</summary>
    IdentityUnavailable,
    /// <summary>
    /// The login completed before, and its grace period for browser retries has passed: a replayed callback gets
    /// no token and no identity.
    /// </summary>
    AlreadyCompleted,
    /// <summary>The engine is at its configured cap of in-flight logins for this provider: retry shortly (HTTP 503 with Retry-After).</summary>
    Busy,
}

/// <summary>Maps protocol errors to <see cref="FailureReason"/>.</summary>
public static class FailureReasons
{
    /// <summary>The provider's own error code, for errors the provider answered (a protocol error or a denial); <c>null</c> for the others.</summary>
    public static string? ProviderErrorOf(OAuthError error) =>
        (error ?? throw new ArgumentNullException(nameof(error))).Kind is ErrorKind.Protocol or ErrorKind.Denied ? error.Code : null;

    /// <summary>The reason for a protocol-level <paramref name="error"/>.</summary>
    public static FailureReason From(OAuthError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            ErrorKind.Protocol => FailureReason.ProviderError,
            ErrorKind.Http => FailureReason.HttpError,
            ErrorKind.Transport => FailureReason.TransportFailure,
            ErrorKind.InvalidResponse => FailureReason.InvalidResponse,
            ErrorKind.Denied => FailureReason.Denied,
            _ => error.Code switch
            {
                OAuthErrorCodes.StateMismatch or OAuthErrorCodes.MissingState => FailureReason.StateMismatch,
                OAuthErrorCodes.IssuerMismatch => FailureReason.IssuerMismatch,
                OAuthErrorCodes.MissingCode => FailureReason.MissingCode,
                OAuthErrorCodes.MissingVerifier => FailureReason.MissingVerifier,
                OAuthErrorCodes.TokenMismatch or OAuthErrorCodes.MissingToken => FailureReason.TokenMismatch,
                _ => FailureReason.InvalidRequest,
            },
        };
    }
}
