using AuthActors.Engine.Configuration;
using AuthActors.Engine.TokenFetch;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;

namespace AuthActors.Engine.Providers;

/// <summary>
/// Everything the actors of one provider share: its definition, its compliance hooks, the call pipeline
/// (timeout, hooks, any extra behaviors, transport), the clock, the random source and the settings.
/// Immutable once built; safe to share across attempts.
/// </summary>
public sealed class ProviderRuntime
{
    /// <summary>Builds the runtime of <paramref name="definition"/>.</summary>
    /// <param name="definition">The provider.</param>
    /// <param name="transport">The HTTP edge.</param>
    /// <param name="settings">Engine settings (call timeout, expiry, ...).</param>
    /// <param name="clock">The clock; the system clock by default.</param>
    /// <param name="random">Random values; the CSPRNG by default.</param>
    /// <param name="behaviors">Extra behaviors around each call, inside the timeout and outside the hooks.</param>
    public ProviderRuntime(
        ProviderDefinition definition,
        IOAuthHttpTransport transport,
        AuthActorsSettings settings,
        TimeProvider? clock = null,
        IRandomSource? random = null,
        IEnumerable<IProviderCallBehavior>? behaviors = null)
    {
        Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Clock = clock ?? TimeProvider.System;
        Random = random ?? CryptoRandomSource.Instance;
        Hooks = definition.CreateHooks();
        var pipeline = new List<IProviderCallBehavior> { new TimeoutBehavior(settings.CallTimeout) };
        pipeline.AddRange(behaviors ?? []);
        pipeline.Add(new ComplianceHooksBehavior(Hooks));
        Pipeline = new ProviderCallPipeline(transport ?? throw new ArgumentNullException(nameof(transport)), pipeline);
        ExchangeSlots = settings.MaxConcurrentExchanges > 0 ? new SemaphoreSlim(settings.MaxConcurrentExchanges, settings.MaxConcurrentExchanges) : null;
        Oidc = definition is OAuth2ProviderDefinition oauth2 && (oauth2.ServerMetadataUrl is not null || oauth2.IsOpenIdConnect)
            ? new OidcMetadataCache(oauth2, Pipeline, Clock, settings.Oidc)
            : null;
    }

    /// <summary>
    /// Slots for token requests (<see cref="AuthActorsSettings.MaxConcurrentExchanges"/>), or <c>null</c> for no
    /// cap. Shared by every attempt of the provider on this node.
    /// </summary>
    public SemaphoreSlim? ExchangeSlots { get; }

    /// <summary>
    /// The metadata and key cache, for providers with discovery or OpenID Connect; <c>null</c> for the others,
    /// whose <see cref="Definition"/> is complete as configured.
    /// </summary>
    public OidcMetadataCache? Oidc { get; }

    /// <summary>The provider.</summary>
    public ProviderDefinition Definition { get; }

    /// <summary>The provider's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The provider's compliance hooks.</summary>
    public ComplianceHooks Hooks { get; }

    /// <summary>The pipeline every call to the provider goes through.</summary>
    public ProviderCallPipeline Pipeline { get; }

    /// <summary>The engine settings.</summary>
    public AuthActorsSettings Settings { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The random source.</summary>
    public IRandomSource Random { get; }

    /// <summary>A fresh 128-bit nonce or JWT id.</summary>
    public string NewNonce() => RandomTokens.UrlSafe(Random, 16);

    /// <summary>
    /// A fresh OAuth 1 nonce: alphanumeric only, since servers built on oauthlib refuse other characters
    /// (RFC 5849 §3.3 leaves the alphabet to the server).
    /// </summary>
    public string NewOAuth1Nonce() => OAuth1Flow.NewNonce(Random);
}
