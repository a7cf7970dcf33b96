using System.Collections.Concurrent;

namespace AuthActors.DevProvider.Stores;

/// <summary>
/// Remembers OAuth 1 nonces per consumer, token and timestamp (RFC 5849 §3.3) for as long as their
/// timestamp is acceptable, so that a replayed request is refused.
/// </summary>
internal sealed class NonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private int _addsSincePrune;

    /// <summary>Records the nonce; false when the same combination was already seen.</summary>
    public bool TryUse(string consumerKey, string? token, string timestamp, string nonce, DateTimeOffset forgetAfter, DateTimeOffset now)
    {
        // The separator cannot occur inside the (decoded) values as sent by ordinary clients; a collision
        // would only make a replay check stricter.
        var key = string.Join('\n', consumerKey, token ?? string.Empty, timestamp, nonce);
        if (Interlocked.Increment(ref _addsSincePrune) >= 1024)
        {
            Interlocked.Exchange(ref _addsSincePrune, 0);
            foreach (var (stale, until) in _seen)
            {
                if (now >= until)
                {
                    _seen.TryRemove(stale, out _);
                }
            }
        }

        return _seen.TryAdd(key, forgetAfter);
    }

    public void Clear() => _seen.Clear();
}
