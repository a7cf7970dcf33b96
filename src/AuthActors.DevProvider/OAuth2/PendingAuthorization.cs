namespace AuthActors.DevProvider.OAuth2;

/// <summary>A validated authorization request (RFC 6749 §4.1.1), waiting for approval or denial.</summary>
internal sealed record PendingAuthorization(
    DevOAuth2Client Client,
    string RedirectUri,
    bool RedirectUriWasSent,
    bool FormPost,
    string? Scope,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Nonce)
{
    /// <summary>
    /// The <c>login_hint</c> (OpenID Connect Core §3.1.2.1): the dev provider signs in a user of that subject, so
    /// tests can have many users. <c>null</c> means the configured user.
    /// </summary>
    public string? LoginHint { get; init; }
}

/// <summary>
/// The verdict on an authorization request: a <see cref="PendingAuthorization"/>; or an error to send back
/// to the client (with the request as far as it is known, for its redirect URI, mode and state); or an error
/// page, when the client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1: never redirect then).
/// </summary>
internal sealed record AuthorizationVerdict(PendingAuthorization? Request, string? Error, string? Description, string? PageMessage)
{
    public static AuthorizationVerdict Page(string message) => new(null, null, null, message);

    public static AuthorizationVerdict Redirect(PendingAuthorization target, string error, string description) => new(target, error, description, null);
}
