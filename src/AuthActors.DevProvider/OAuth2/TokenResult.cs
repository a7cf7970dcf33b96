namespace AuthActors.DevProvider.OAuth2;

/// <summary>Tokens issued by one successful token request (RFC 6749 §5.1; the id_token of OpenID Connect Core §3.1.3.3).</summary>
internal sealed record IssuedTokens(string AccessToken, long ExpiresIn, string? RefreshToken, string? Scope, string? Subject, string? IdToken = null);

/// <summary>
/// The outcome of a token request: <see cref="Tokens"/>, or an error (RFC 6749 §5.2) with its status and
/// whether to challenge for Basic authentication.
/// </summary>
internal sealed record TokenResult(IssuedTokens? Tokens, int Status, string? Error, string? Description, bool BasicChallenge)
{
    public static TokenResult Success(IssuedTokens tokens) => new(tokens, StatusCodes.Status200OK, null, null, false);

    public static TokenResult Fail(string error, string description) => new(null, StatusCodes.Status400BadRequest, error, description, false);

    public static TokenResult FromClientAuth(ClientAuthResult auth) => new(null,
        auth.Error == Protocol.OAuth2.OAuth2Constants.Errors.InvalidClient ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest,
        auth.Error, auth.Description, auth.UsedBasic && auth.Error == Protocol.OAuth2.OAuth2Constants.Errors.InvalidClient);
}
