namespace AuthActors.DevProvider.Stores;

/// <summary>An issued authorization code and what the authorization request bound to it (RFC 6749 §4.1.2).</summary>
internal sealed class AuthorizationCodeRecord
{
    public required string Code { get; init; }
    public required string ClientId { get; init; }
    /// <summary>The <c>redirect_uri</c> the code was delivered to.</summary>
    public required string RedirectUri { get; init; }
    /// <summary>True when the authorization request carried <c>redirect_uri</c>, which the token request must then repeat (§4.1.3).</summary>
    public required bool RedirectUriWasSent { get; init; }
    public string? Scope { get; init; }
    public string? Nonce { get; init; }
    public string? CodeChallenge { get; init; }
    public string? CodeChallengeMethod { get; init; }
    public required string Subject { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public GrantFamily Family { get; init; } = new();
    /// <summary>Set once, under the store's lock.</summary>
    public bool Redeemed { get; set; }
}

/// <summary>An issued OAuth 2 access token.</summary>
internal sealed class AccessTokenRecord
{
    public required string Token { get; init; }
    public required string ClientId { get; init; }
    /// <summary>The resource owner, or <c>null</c> for a client credentials token.</summary>
    public string? Subject { get; init; }
    public string? Scope { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required GrantFamily Family { get; init; }
    public bool Revoked { get; set; }

    public bool IsActive(DateTimeOffset now) => !Revoked && !Family.IsRevoked && now < ExpiresAt;
}

/// <summary>An issued refresh token; rotated (marked used) on every use.</summary>
internal sealed class RefreshTokenRecord
{
    public required string Token { get; init; }
    public required string ClientId { get; init; }
    public required string Subject { get; init; }
    public string? Scope { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required GrantFamily Family { get; init; }
    public bool Used { get; set; }
    public bool Revoked { get; set; }

    public bool IsActive => !Used && !Revoked && !Family.IsRevoked;
}
