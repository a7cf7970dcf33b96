using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Oidc;
using AuthActors.DevProvider.Stores;

namespace AuthActors.DevProvider;

/// <summary>
/// Everything one dev provider instance holds: its options (read once, here), issued codes and tokens,
/// counters and knobs. Map it into an ASP.NET Core app with
/// <see cref="DevProviderEndpointRouteBuilderExtensions.MapDevProvider"/>, or let
/// <see cref="DevProviderServer.StartAsync"/> host it on its own loopback port.
/// </summary>
public sealed class DevProviderState
{
    private readonly Dictionary<string, DevOAuth2Client> _oauth2Clients;
    private readonly Dictionary<string, DevOAuth1Client> _oauth1Clients;

    /// <summary>Creates the state; the client lists of <paramref name="options"/> are copied now.</summary>
    /// <exception cref="ArgumentException">
    /// Two clients share an id, a lifetime is not positive, a client's id_token algorithm is neither RS256 nor
    /// ES256, or an injected signing key is too small (RSA) or not on P-256 (EC).
    /// </exception>
    public DevProviderState(DevProviderOptions? options = null)
    {
        Options = options ?? new DevProviderOptions();
        Check(Options.CodeLifetime, nameof(Options.CodeLifetime));
        Check(Options.AccessTokenLifetime, nameof(Options.AccessTokenLifetime));
        Check(Options.RequestTokenLifetime, nameof(Options.RequestTokenLifetime));
        Check(Options.TimestampWindow, nameof(Options.TimestampWindow));
        Check(Options.IdTokenLifetime, nameof(Options.IdTokenLifetime));
        _oauth2Clients = Index(Options.OAuth2Clients, c => c.ClientId, "OAuth 2 client id");
        _oauth1Clients = Index(Options.OAuth1Clients, c => c.ConsumerKey, "OAuth 1 consumer key");
        if (_oauth2Clients.Values.FirstOrDefault(c => !IdTokens.Algorithms.Contains(c.IdTokenSigningAlgorithm, StringComparer.Ordinal)) is { } bad)
        {
            throw new ArgumentException($"The id_token algorithm of '{bad.ClientId}' must be RS256 or ES256.", nameof(options));
        }

        SigningKeys = new SigningKeyRing(Options.RsaSigningKey, Options.EcSigningKey);
        Dice = new FaultDice(Options.FaultSeed);
    }

    /// <summary>The options this state was created with.</summary>
    public DevProviderOptions Options { get; }

    /// <summary>What the provider did so far.</summary>
    public DevProviderCounters Counters { get; } = new();

    /// <summary>Per-client faults and quirks.</summary>
    public DevProviderKnobs Knobs { get; } = new();

    /// <summary>
    /// The provider's public root URL without a trailing slash (scheme, host, port and any path prefix),
    /// used for the issuer and the metadata document; <c>null</c> to derive it from each request.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Resets counters and knobs; issued codes and tokens stay valid.</summary>
    public void Reset()
    {
        Counters.Reset();
        Knobs.ClearAll();
    }

    /// <summary>
    /// Replaces the id_token signing keys (RS256 and ES256) by new ones with new <c>kid</c>s; later id_tokens
    /// are signed with them. The JWKS lists the new keys, and the keys they replace when <paramref name="keepPrevious"/>
    /// (only the last replaced pair: a second rotation drops the pair before).
    /// </summary>
    public void RotateSigningKeys(bool keepPrevious = true) => SigningKeys.Rotate(keepPrevious);

    /// <summary>The <c>kid</c> of the current signing key for <paramref name="algorithm"/> (<c>RS256</c> or <c>ES256</c>).</summary>
    /// <exception cref="ArgumentException">Another algorithm.</exception>
    public string SigningKeyId(string algorithm) => IdTokens.Algorithms.Contains(algorithm, StringComparer.Ordinal)
        ? SigningKeys.Current(algorithm).Kid
        : throw new ArgumentException("Only RS256 and ES256 are supported.", nameof(algorithm));

    internal SigningKeyRing SigningKeys { get; }

    internal OAuth2Grants OAuth2 { get; } = new();

    internal OAuth1Grants OAuth1 { get; } = new();

    internal NonceStore Nonces { get; } = new();

    internal PendingConsents Consents { get; } = new();

    internal FaultDice Dice { get; }

    internal DateTimeOffset Now => Options.Clock.GetUtcNow();

    internal DevOAuth2Client? FindOAuth2Client(string? clientId) =>
        clientId is not null && _oauth2Clients.TryGetValue(clientId, out var c) ? c : null;

    internal DevOAuth1Client? FindOAuth1Client(string? consumerKey) =>
        consumerKey is not null && _oauth1Clients.TryGetValue(consumerKey, out var c) ? c : null;

    internal IEnumerable<DevOAuth2Client> OAuth2Clients => _oauth2Clients.Values;

    internal IEnumerable<DevOAuth1Client> OAuth1Clients => _oauth1Clients.Values;

    private static void Check(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> key, string what)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (string.IsNullOrEmpty(key(item)) || !result.TryAdd(key(item), item))
            {
                throw new ArgumentException($"Each {what} must be non-empty and unique; '{key(item)}' is not.");
            }
        }

        return result;
    }
}
