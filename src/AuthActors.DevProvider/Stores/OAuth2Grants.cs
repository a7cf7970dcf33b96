namespace AuthActors.DevProvider.Stores;

/// <summary>The outcome of redeeming an authorization code.</summary>
internal enum CodeRedemption
{
    Redeemed,
    Unknown,
    WrongClient,
    Expired,
    Reused,
    BindingMismatch,
}

/// <summary>
/// Codes, access tokens and refresh tokens of the OAuth 2 side, in memory. One lock keeps redemption and
/// rotation atomic, so that two concurrent requests can never both spend the same code or refresh token.
/// </summary>
internal sealed class OAuth2Grants
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AuthorizationCodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessTokenRecord> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshTokenRecord> _refreshTokens = new(StringComparer.Ordinal);
    private int _addsSincePrune;

    public void AddCode(AuthorizationCodeRecord code, DateTimeOffset now)
    {
        lock (_lock)
        {
            _codes.Add(code.Code, code);
            PruneIfDue(now);
        }
    }

    /// <summary>
    /// Spends <paramref name="code"/> for <paramref name="clientId"/> when it exists, belongs to that client,
    /// is unspent and unexpired, and <paramref name="bindingsHold"/> (redirect URI and PKCE) accepts it. A
    /// second redemption revokes every token issued from the code (RFC 6749 §4.1.2).
    /// </summary>
    public (CodeRedemption Outcome, AuthorizationCodeRecord? Record) Redeem(
        string code, string clientId, DateTimeOffset now, Func<AuthorizationCodeRecord, bool> bindingsHold)
    {
        lock (_lock)
        {
            if (!_codes.TryGetValue(code, out var record))
            {
                return (CodeRedemption.Unknown, null);
            }

            if (!string.Equals(record.ClientId, clientId, StringComparison.Ordinal))
            {
                return (CodeRedemption.WrongClient, null);
            }

            if (record.Redeemed)
            {
                record.Family.Revoke();
                return (CodeRedemption.Reused, record);
            }

            if (now >= record.ExpiresAt)
            {
                return (CodeRedemption.Expired, record);
            }

            if (!bindingsHold(record))
            {
                return (CodeRedemption.BindingMismatch, record);
            }

            record.Redeemed = true;
            return (CodeRedemption.Redeemed, record);
        }
    }

    public void AddAccessToken(AccessTokenRecord token, DateTimeOffset now)
    {
        lock (_lock)
        {
            _accessTokens.Add(token.Token, token);
            PruneIfDue(now);
        }
    }

    public void AddRefreshToken(RefreshTokenRecord token)
    {
        lock (_lock)
        {
            _refreshTokens.Add(token.Token, token);
        }
    }

    public AccessTokenRecord? FindAccessToken(string token)
    {
        lock (_lock)
        {
            return _accessTokens.GetValueOrDefault(token);
        }
    }

    public RefreshTokenRecord? FindRefreshToken(string token)
    {
        lock (_lock)
        {
            return _refreshTokens.GetValueOrDefault(token);
        }
    }

    /// <summary>
    /// Marks <paramref name="token"/> used when it is active and belongs to <paramref name="clientId"/>.
    /// Using an already rotated token revokes its whole family (RFC 9700 §4.14.2).
    /// </summary>
    /// <returns>The record and whether this call rotated it; a used token gives <c>Reused</c>.</returns>
    public (RefreshTokenRecord? Record, bool Rotated, bool Reused) RotateRefreshToken(string token, string clientId)
    {
        lock (_lock)
        {
            if (!_refreshTokens.TryGetValue(token, out var record) || !string.Equals(record.ClientId, clientId, StringComparison.Ordinal))
            {
                return (null, false, false);
            }

            if (record.Used)
            {
                record.Family.Revoke();
                return (record, false, true);
            }

            if (!record.IsActive)
            {
                return (record, false, false);
            }

            record.Used = true;
            return (record, true, false);
        }
    }

    /// <summary>
    /// RFC 7009 §2.1: revokes <paramref name="token"/> when it is one of <paramref name="clientId"/>'s; a
    /// refresh token takes its whole grant (the access tokens issued with it) along.
    /// </summary>
    public void Revoke(string token, string clientId)
    {
        lock (_lock)
        {
            if (_accessTokens.TryGetValue(token, out var access) && access.ClientId == clientId)
            {
                access.Revoked = true;
            }
            else if (_refreshTokens.TryGetValue(token, out var refresh) && refresh.ClientId == clientId)
            {
                refresh.Revoked = true;
                refresh.Family.Revoke();
            }
        }
    }

    private void PruneIfDue(DateTimeOffset now)
    {
        if (++_addsSincePrune < 512)
        {
            return;
        }

        _addsSincePrune = 0;
        // Keep spent codes for a while after expiry so that a late reuse is still recognised.
        foreach (var stale in _codes.Values.Where(c => now >= c.ExpiresAt.AddHours(1)).Select(c => c.Code).ToList())
        {
            _codes.Remove(stale);
        }

        foreach (var stale in _accessTokens.Values.Where(t => now >= t.ExpiresAt.AddHours(1)).Select(t => t.Token).ToList())
        {
            _accessTokens.Remove(stale);
        }
    }
}
