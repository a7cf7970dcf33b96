namespace AuthActors.Engine.Vault;

/// <summary>Why the vault could not hand out a token. Append only: the journal stores these by name.</summary>
public enum GrantFailureReason
{
    /// <summary>No grant is stored for this provider and subject (never logged in, signed out, or opted out).</summary>
    NoGrant,

    /// <summary>
    /// The provider refused the refresh token (<c>invalid_grant</c>), or the access token expired with no
    /// refresh token. The user must log in again; the vault does not retry.
    /// </summary>
    ReauthenticationRequired,

    /// <summary>
    /// A refresh was interrupted (a node stopped, or the provider's answer never arrived) after the provider
    /// may have rotated the refresh token; the next refresh was refused. The user must log in again.
    /// </summary>
    RefreshOutcomeLost,

    /// <summary>The provider failed to answer a refresh (an HTTP error, a timeout, garbage). The grant is unchanged; try later.</summary>
    ProviderUnavailable,

    /// <summary>The grant cannot be refreshed (OAuth 1 tokens, for example, are not refreshable).</summary>
    RefreshNotSupported,

    /// <summary>No provider of that name is configured.</summary>
    UnknownProvider,

    /// <summary>The vault did not answer in time.</summary>
    Timeout,

    /// <summary>The journal could not be written or read; nothing changed.</summary>
    JournalUnavailable,

    /// <summary>The request cannot carry the token: a URL outside the provider's API origins, or a token type that cannot be sent.</summary>
    TokenNotAllowed,
}
