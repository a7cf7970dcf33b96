namespace AuthActors.Protocol.Tokens;

/// <summary>
/// A token obtained from a provider: <see cref="OAuth1Token"/> or <see cref="OAuth2Token"/>. Its
/// <see cref="object.ToString"/> never prints a secret.
/// </summary>
public abstract record OAuthToken
{
    /// <summary>Every other field of the token response (for example <c>user_id</c>, <c>screen_name</c>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Masks a secret for display: only whether it is present.</summary>
    protected static string Mask(string? secret) => secret is null ? "null" : "***";
}

/// <summary>An OAuth 1.0a token credential (RFC 5849 §2.3) or temporary credential (§2.1).</summary>
/// <param name="Token">The <c>oauth_token</c>.</param>
/// <param name="TokenSecret">The <c>oauth_token_secret</c>.</param>
public sealed record OAuth1Token(string Token, string TokenSecret) : OAuthToken
{
    /// <summary>Prints neither the token nor its secret.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Token = ").Append(Mask(Token)).Append(", TokenSecret = ***");
        return true;
    }
}

/// <summary>An OAuth 2.0 access token response (RFC 6749 §5.1).</summary>
/// <param name="AccessToken">The <c>access_token</c>.</param>
/// <param name="TokenType">The <c>token_type</c>, for example <c>Bearer</c>.</param>
public sealed record OAuth2Token(string AccessToken, string TokenType) : OAuthToken
{
    /// <summary>The <c>refresh_token</c>, if any.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>The <c>expires_in</c> lifetime in seconds, if given.</summary>
    public long? ExpiresIn { get; init; }

    /// <summary>When the token expires, computed from <c>expires_in</c> with the injected clock.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The granted <c>scope</c> (space-delimited), if given.</summary>
    public string? Scope { get; init; }

    /// <summary>The OpenID Connect <c>id_token</c>, if any.</summary>
    public string? IdToken { get; init; }

    /// <summary>True for the <c>Bearer</c> token type (case-insensitive, RFC 6750 §1.1).</summary>
    public bool IsBearer => string.Equals(TokenType, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Prints metadata only, never a token.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("AccessToken = ").Append(Mask(AccessToken)).Append(", TokenType = ").Append(TokenType)
            .Append(", RefreshToken = ").Append(RefreshToken is null ? "null" : "***")
            .Append(", ExpiresAt = ").Append(ExpiresAt).Append(", Scope = ").Append(Scope);
        return true;
    }
}
