namespace AuthActors.Protocol.Http;

/// <summary>A typed protocol failure: its kind, a machine-readable code and a human-readable description.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Code">
/// The provider's <c>error</c> for <see cref="ErrorKind.Protocol"/> and <see cref="ErrorKind.Denied"/>
/// (for example <c>invalid_grant</c>, <c>access_denied</c>); one of <see cref="OAuthErrorCodes"/> otherwise.
/// </param>
/// <param name="Description">A description that never contains a secret.</param>
/// <param name="Uri">The provider's <c>error_uri</c>, when it sent one.</param>
/// <param name="HttpStatus">The HTTP status, when a response arrived.</param>
public sealed record OAuthError(ErrorKind Kind, string Code, string? Description = null, string? Uri = null, int? HttpStatus = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        Description is null ? $"{Kind}: {Code}" : $"{Kind}: {Code} ({Description})";
}

/// <summary>The codes this library assigns to failures that carry no provider error code.</summary>
public static class OAuthErrorCodes
{
    /// <summary>The callback carried no <c>code</c> (OAuth 2).</summary>
    public const string MissingCode = "missing_code";

    /// <summary>The callback carried no <c>state</c> (OAuth 2).</summary>
    public const string MissingState = "missing_state";

    /// <summary>The callback's <c>state</c> differs from the one sent (RFC 6749 §10.12).</summary>
    public const string StateMismatch = "state_mismatch";

    /// <summary>The callback's <c>iss</c> differs from the provider's issuer (RFC 9207 §2.4).</summary>
    public const string IssuerMismatch = "issuer_mismatch";

    /// <summary>The callback carried no <c>oauth_verifier</c> (OAuth 1, RFC 5849 §2.2).</summary>
    public const string MissingVerifier = "missing_verifier";

    /// <summary>The callback carried no <c>oauth_token</c> (OAuth 1).</summary>
    public const string MissingToken = "missing_token";

    /// <summary>The callback's <c>oauth_token</c> differs from the saved request token (OAuth 1).</summary>
    public const string TokenMismatch = "token_mismatch";

    /// <summary>The request token response lacked <c>oauth_callback_confirmed=true</c> (RFC 5849 §2.1).</summary>
    public const string CallbackNotConfirmed = "callback_not_confirmed";

    /// <summary>A 2xx body that could not be read as a token response.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>An HTTP error status without an OAuth error body.</summary>
    public const string HttpError = "http_error";

    /// <summary>No response arrived.</summary>
    public const string TransportFailure = "transport_failure";

    /// <summary>No token was available for a protected request.</summary>
    public const string MissingAccessToken = "missing_access_token";

    /// <summary>An API call names a URL outside the origins the token may be sent to.</summary>
    public const string TokenDestinationNotAllowed = "token_destination_not_allowed";

    /// <summary>An OAuth 2 code exchange was asked for without the saved state and without saying the caller checked it.</summary>
    public const string StateNotChecked = "state_not_checked";

    /// <summary>The token's type cannot be used for protected requests (only Bearer is supported).</summary>
    public const string UnsupportedTokenType = "unsupported_token_type";
}
