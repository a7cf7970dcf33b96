using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Vault;

/// <summary>
/// The engine's <c>get_token</c>: the tokens of completed logins, one grant per (provider, subject), refreshed
/// when they near expiry, with one refresh at a time per grant across the whole cluster.
/// </summary>
public interface ITokenVault
{
    /// <summary>Raised on this node after a grant refreshed here has written its new token set (authlib's <c>update_token</c>).</summary>
    event EventHandler<TokenUpdated>? TokenUpdated;

    /// <summary>
    /// The current token of <paramref name="subject"/> at <paramref name="provider"/>, refreshed first when it
    /// is within the leeway of its expiry. Concurrent callers share one refresh.
    /// </summary>
    Task<TokenResult> GetTokenAsync(string provider, string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// A token to replace <paramref name="rejected"/>, which an API refused: the grant refreshes unless it
    /// already holds a newer token, so a burst of 401s makes one refresh.
    /// </summary>
    Task<TokenResult> RefreshAsync(string provider, string subject, OAuthToken rejected, CancellationToken cancellationToken = default);

    /// <summary>The grant's state, without tokens; <see cref="GrantStatus.None"/> when there is none.</summary>
    Task<TokenGrant.Info> GetGrantAsync(string provider, string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the tokens of a login with a validated identity, replacing the grant's earlier ones; storing the
    /// same attempt's tokens again changes nothing.
    /// </summary>
    Task<TokenResult> StoreAsync(string attemptId, LoginIdentity identity, OAuthToken token, CancellationToken cancellationToken = default);

    /// <summary>Signs out: revokes the grant at the provider (RFC 7009) where it can, and deletes it.</summary>
    Task<RevokeResult> RevokeAsync(string provider, string subject, CancellationToken cancellationToken = default);

    /// <summary>The provider's API base URL (relative API URLs resolve against it), or <c>null</c> when it has none or is not configured.</summary>
    string? ApiBaseUrlOf(string provider);

    /// <summary>
    /// Prepares an API request with the user's token: resolves a relative URL against the provider's
    /// <c>ApiBaseUrl</c>, refuses origins the token may not go to, signs it (OAuth 1) or adds the Bearer token
    /// (OAuth 2), and runs the provider's <c>protected_request</c> compliance hooks. With
    /// <paramref name="rejected"/> it first replaces a token an API refused (see <see cref="RefreshAsync"/>).
    /// </summary>
    Task<AuthorizedRequest> AuthorizeAsync(string provider, string subject, OAuthHttpRequest request, OAuthToken? rejected = null,
        CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a token request.</summary>
/// <param name="Token">The token, on success.</param>
/// <param name="Grant">The grant's state, on success.</param>
/// <param name="Failure">Why there is no token.</param>
public sealed record TokenResult(OAuthToken? Token, TokenGrant.Info? Grant, TokenGrant.Refused? Failure)
{
    /// <summary>True when a token was handed out.</summary>
    public bool IsSuccess => Token is not null;
}

/// <summary>The outcome of a sign-out.</summary>
/// <param name="Deleted">Whether the grant is gone (it is, unless the journal failed).</param>
/// <param name="RevokedAtProvider">Whether the provider confirmed the revocation.</param>
/// <param name="Failure">Why the grant could not be deleted, or the provider's refusal.</param>
public sealed record RevokeResult(bool Deleted, bool RevokedAtProvider, TokenGrant.Refused? Failure);

/// <summary>An API request ready to send, or why it cannot be.</summary>
/// <param name="Request">The request with its token (signed or with the Bearer header), on success.</param>
/// <param name="Token">The token it carries: pass it back as <c>rejected</c> if the API answers 401.</param>
/// <param name="Failure">Why not.</param>
public sealed record AuthorizedRequest(OAuthHttpRequest? Request, OAuthToken? Token, TokenGrant.Refused? Failure)
{
    /// <summary>Whether the token can be refreshed and the request retried after a 401.</summary>
    public bool CanRetryAfterRefresh => Token is OAuth2Token { RefreshToken: not null };
}
