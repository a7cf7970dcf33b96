using System.Security.Cryptography;

namespace AuthActors.DevProvider.Oidc;

/// <summary>
/// The provider's id_token signing keys: a current RS256 and ES256 pair, the pair before the last rotation
/// (when it was kept), and one key that is never published (for <see cref="DevIdTokenFault.UnknownKid"/>).
/// Keys are made when first needed, so a provider that never issues an id_token never generates one. Thread-safe.
/// </summary>
internal sealed class SigningKeyRing
{
    private const string UnpublishedPrefix = "unpublished-";

    private readonly Lock _lock = new();
    private readonly RSA? _initialRsa;
    private readonly ECDsa? _initialEc;
    private KeyPair? _current;
    private KeyPair? _previous;
    private SigningKey? _unpublished;

    /// <summary>Creates the ring; the injected keys are checked now and used when the first key is needed.</summary>
    /// <exception cref="ArgumentException">The RSA key has fewer than 2048 bits, or the EC key is not on P-256.</exception>
    public SigningKeyRing(RSA? initialRsa, ECDsa? initialEc)
    {
        if (initialRsa is { KeySize: < 2048 })
        {
            throw new ArgumentException("The RSA signing key must have at least 2048 bits.", nameof(initialRsa));
        }

        if (initialEc is { KeySize: not 256 })
        {
            throw new ArgumentException("The EC signing key must be on curve P-256.", nameof(initialEc));
        }

        _initialRsa = initialRsa;
        _initialEc = initialEc;
    }

    /// <summary>The current key for <paramref name="algorithm"/> (<c>RS256</c> or <c>ES256</c>).</summary>
    public SigningKey Current(string algorithm)
    {
        var pair = CurrentPair();
        return algorithm == SigningKey.ES256 ? pair.Ec : pair.Rsa;
    }

    /// <summary>The keys the JWKS lists: the current pair, then the previous pair when it was kept.</summary>
    public IReadOnlyList<SigningKey> Published
    {
        get
        {
            lock (_lock)
            {
                var current = FirstPair();
                return _previous is { } previous ? [current.Rsa, current.Ec, previous.Rsa, previous.Ec] : [current.Rsa, current.Ec];
            }
        }
    }

    /// <summary>An RS256 key whose public half is never published, under a <c>kid</c> no published key has.</summary>
    public SigningKey Unpublished
    {
        get
        {
            lock (_lock)
            {
                return _unpublished ??= SigningKey.Rsa(kidPrefix: UnpublishedPrefix);
            }
        }
    }

    /// <summary>Replaces the current pair by new keys; the old pair stays published when <paramref name="keepPrevious"/>.</summary>
    public void Rotate(bool keepPrevious)
    {
        var fresh = new KeyPair(SigningKey.Rsa(), SigningKey.Ec());
        lock (_lock)
        {
            _previous = keepPrevious ? FirstPair() : null;
            _current = fresh;
        }
    }

    private KeyPair CurrentPair()
    {
        lock (_lock)
        {
            return FirstPair();
        }
    }

    /// <summary>The current pair, made from the injected (or new) keys when there is none yet. Under the lock.</summary>
    private KeyPair FirstPair() => _current ??= new KeyPair(SigningKey.Rsa(_initialRsa), SigningKey.Ec(_initialEc));

    private sealed record KeyPair(SigningKey Rsa, SigningKey Ec);
}
