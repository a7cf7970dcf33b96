using AuthActors.DevProvider;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using E = AuthActors.DevProvider.DevProviderCounters.Endpoints;

namespace AuthActors.Engine.Tests;

/// <summary>
/// What the metadata cache can answer at once, without a fetch: an attempt that gets a provider from it starts
/// without waiting for discovery, so the answer must be exactly what <see cref="OidcMetadataCache.ResolveAsync"/>
/// would give without a fetch. Against the DevProvider's discovery endpoint, over loopback.
/// </summary>
public sealed class OidcMetadataCacheTests : IAsyncLifetime
{
    private static readonly OidcSettings Settings = new(TimeSpan.FromMinutes(10), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    private readonly SettableClock _clock = new(DateTimeOffset.UtcNow);
    private DevProviderServer _provider = null!;

    public async Task InitializeAsync() => _provider = await DevProviderServer.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private OidcMetadataCache CacheOf(OAuth2ProviderDefinition definition) =>
        new(definition, new ProviderCallPipeline(new FlurlOAuthTransport(timeout: TimeSpan.FromSeconds(5)), []), _clock, Settings);

    [Fact]
    public async Task Fresh_metadata_is_answered_at_once_and_a_due_refresh_is_not()
    {
        var cache = CacheOf(EngineHarness.OidcDefinition(_provider));
        Assert.Null(cache.ResolvedOrNull);

        var resolved = await cache.ResolveAsync();
        Assert.NotNull(resolved.Provider);
        Assert.Same(resolved.Provider, cache.ResolvedOrNull);
        Assert.Equal(_provider.Issuer, cache.ResolvedOrNull!.Issuer);

        _clock.Now += Settings.MetadataRefreshInterval;
        Assert.Null(cache.ResolvedOrNull);
        Assert.Equal(1, _provider.Counters.Get(E.OidcDiscovery));

        Assert.NotNull((await cache.ResolveAsync()).Provider);
        Assert.NotNull(cache.ResolvedOrNull);
        Assert.Equal(2, _provider.Counters.Get(E.OidcDiscovery));
    }

    [Fact]
    public async Task Metadata_that_could_not_be_fetched_is_never_answered_at_once()
    {
        var cache = CacheOf(new OAuth2ProviderDefinition("gone", "c", "s", string.Empty, string.Empty)
        {
            ServerMetadataUrl = "http://127.0.0.1:9/.well-known/openid-configuration", Scope = "openid",
        });

        Assert.NotNull((await cache.ResolveAsync()).Error);
        Assert.Null(cache.ResolvedOrNull);
    }

    [Fact]
    public void A_provider_configured_without_a_metadata_url_is_answered_as_configured()
    {
        var configured = EngineHarness.OAuth2Definition(_provider);

        Assert.Same(configured, CacheOf(configured).ResolvedOrNull);
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
