using System.Collections.Concurrent;

namespace AuthActors.DevProvider.Stores;

/// <summary>
/// Authorization requests waiting on the consent page. The page posts back an unguessable id, so the
/// decision applies to exactly the request that was shown, once.
/// </summary>
internal sealed class PendingConsents
{
    private readonly ConcurrentDictionary<string, (object Request, DateTimeOffset ExpiresAt)> _pending = new(StringComparer.Ordinal);

    public void Add(string id, object request, DateTimeOffset expiresAt) => _pending[id] = (request, expiresAt);

    /// <summary>Removes and returns the pending request of <paramref name="id"/> when it is of type <typeparamref name="T"/> and unexpired.</summary>
    public T? Take<T>(string? id, DateTimeOffset now)
        where T : class
    {
        foreach (var (stale, entry) in _pending)
        {
            if (now >= entry.ExpiresAt)
            {
                _pending.TryRemove(stale, out _);
            }
        }

        if (id is null || !_pending.TryGetValue(id, out var found) || found.Request is not T typed)
        {
            return null;
        }

        return _pending.TryRemove(id, out _) ? typed : null;
    }
}
