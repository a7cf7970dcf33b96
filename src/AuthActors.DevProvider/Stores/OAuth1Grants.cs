namespace AuthActors.DevProvider.Stores;

/// <summary>A temporary credential (RFC 5849 §2.1) and what happened to it since.</summary>
internal sealed class RequestTokenRecord
{
    public required string Token { get; init; }
    public required string Secret { get; init; }
    public required string ConsumerKey { get; init; }
    /// <summary>The absolute callback URI, or <c>oob</c>.</summary>
    public required string Callback { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The verifier issued on approval (§2.2), or <c>null</c> before approval.</summary>
    public string? Verifier { get; set; }
    /// <summary>True once exchanged for token credentials: temporary credentials are single-use.</summary>
    public bool Used { get; set; }
}

/// <summary>A token credential (RFC 5849 §2.3).</summary>
internal sealed record OAuth1AccessTokenRecord(string Token, string Secret, string ConsumerKey, string Subject);

/// <summary>The temporary and token credentials of the OAuth 1 side, in memory.</summary>
internal sealed class OAuth1Grants
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RequestTokenRecord> _requestTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OAuth1AccessTokenRecord> _accessTokens = new(StringComparer.Ordinal);

    public void AddRequestToken(RequestTokenRecord record, DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var stale in _requestTokens.Values.Where(r => now >= r.ExpiresAt.AddHours(1)).Select(r => r.Token).ToList())
            {
                _requestTokens.Remove(stale);
            }

            _requestTokens.Add(record.Token, record);
        }
    }

    /// <summary>The request token when it exists, is unused and unexpired.</summary>
    public RequestTokenRecord? FindLiveRequestToken(string token, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _requestTokens.TryGetValue(token, out var r) && !r.Used && now < r.ExpiresAt ? r : null;
        }
    }

    /// <summary>Records the verifier of an approved request token; false when the token is no longer live.</summary>
    public bool Approve(string token, string verifier, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_requestTokens.TryGetValue(token, out var r) || r.Used || now >= r.ExpiresAt)
            {
                return false;
            }

            r.Verifier = verifier;
            return true;
        }
    }

    /// <summary>Spends a request token: true for exactly one caller (RFC 5849 §2.3, single use).</summary>
    public bool Spend(RequestTokenRecord record)
    {
        lock (_lock)
        {
            if (record.Used)
            {
                return false;
            }

            record.Used = true;
            return true;
        }
    }

    public void AddAccessToken(OAuth1AccessTokenRecord record)
    {
        lock (_lock)
        {
            _accessTokens.Add(record.Token, record);
        }
    }

    public OAuth1AccessTokenRecord? FindAccessToken(string token)
    {
        lock (_lock)
        {
            return _accessTokens.GetValueOrDefault(token);
        }
    }
}
