using System.Collections.Concurrent;

namespace AuthActors.DevProvider;

/// <summary>Per-client <see cref="DevClientKnobs"/> and the provider-wide faults, changeable while the provider runs. Thread-safe.</summary>
public sealed class DevProviderKnobs
{
    private readonly ConcurrentDictionary<string, DevClientKnobs> _byClient = new(StringComparer.Ordinal);
    private volatile bool _metadataUnavailable;

    /// <summary>
    /// A metadata outage: while true, both metadata documents (OpenID Connect discovery and RFC 8414) answer 503, as a
    /// provider whose discovery is down would. The other endpoints, the JWKS included, keep working.
    /// </summary>
    public bool MetadataUnavailable
    {
        get => _metadataUnavailable;
        set => _metadataUnavailable = value;
    }

    /// <summary>Sets the knobs of <paramref name="clientId"/>, replacing earlier ones.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside 0..1, the latency is negative, or the quirk or id_token fault is unknown.</exception>
    public void Set(string clientId, DevClientKnobs knobs)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(knobs);
        CheckRate(knobs.ErrorRate, nameof(knobs.ErrorRate));
        CheckRate(knobs.DropRate, nameof(knobs.DropRate));
        if (knobs.Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(knobs), "Latency must not be negative.");
        }

        if (knobs.AccessTokenLifetime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(knobs), "AccessTokenLifetime must not be negative.");
        }

        if (!Enum.IsDefined(knobs.Quirk))
        {
            throw new ArgumentOutOfRangeException(nameof(knobs), "Unknown quirk.");
        }

        if (!Enum.IsDefined(knobs.IdTokenFault))
        {
            throw new ArgumentOutOfRangeException(nameof(knobs), "Unknown id_token fault.");
        }

        _byClient[clientId] = knobs;
    }

    /// <summary>The knobs of <paramref name="clientId"/>, or <c>null</c> when none are set.</summary>
    public DevClientKnobs? Get(string? clientId) =>
        clientId is not null && _byClient.TryGetValue(clientId, out var knobs) ? knobs : null;

    /// <summary>Removes the knobs of <paramref name="clientId"/>.</summary>
    public void Clear(string clientId) => _byClient.TryRemove(clientId, out _);

    /// <summary>Removes every client's knobs, and ends a metadata outage.</summary>
    public void ClearAll()
    {
        _byClient.Clear();
        _metadataUnavailable = false;
    }

    /// <summary>Every client's knobs.</summary>
    public IReadOnlyDictionary<string, DevClientKnobs> All() => new Dictionary<string, DevClientKnobs>(_byClient, StringComparer.Ordinal);

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, rate, "A rate must be between 0 and 1.");
        }
    }
}
