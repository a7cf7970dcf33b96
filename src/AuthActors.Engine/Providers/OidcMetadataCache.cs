using System.Diagnostics;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Telemetry;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Engine.Providers;

/// <summary>
/// The I/O edge of OpenID Connect discovery for one provider: fetches the metadata and the JWKS through the
/// provider's call pipeline and caches them. Concurrent callers share one fetch. A failed first fetch is
/// retried with an exponential backoff (callers inside the backoff get the failure at once, so one
/// unreachable provider costs nothing); a failed refresh keeps serving what was fetched before. An unknown
/// <c>kid</c> may force a JWKS re-fetch, at most once per <see cref="OidcSettings.JwksMinRefreshInterval"/>.
/// </summary>
public sealed class OidcMetadataCache
{
    private readonly OAuth2ProviderDefinition _configured;
    private readonly ProviderCallPipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly OidcSettings _settings;
    private readonly Lock _lock = new();
    private readonly Entry<DiscoveredProvider> _metadata = new();
    private readonly Entry<JsonWebKeySetResponse> _keys = new();

    /// <summary>Creates the cache of <paramref name="configured"/>.</summary>
    public OidcMetadataCache(OAuth2ProviderDefinition configured, ProviderCallPipeline pipeline, TimeProvider clock, OidcSettings settings)
    {
        _configured = configured ?? throw new ArgumentNullException(nameof(configured));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    /// <summary>The provider definition completed by its metadata (the configured one when it needs none).</summary>
    public Task<DiscoveredProvider> ResolveAsync(CancellationToken cancellationToken = default) =>
        _configured.ServerMetadataUrl is null
            ? Task.FromResult(new DiscoveredProvider { Provider = _configured })
            : Get(_metadata, force: false, FetchMetadataAsync, r => r.IsError);

    /// <summary>
    /// What <see cref="ResolveAsync"/> would answer at once without a fetch: the configured provider when it needs no
    /// metadata, the provider completed by fresh metadata, or <c>null</c> (no metadata yet, a refresh is due or in
    /// flight, or the last fetch failed). An attempt that gets it needs no asynchronous step before it can start.
    /// </summary>
    internal OAuth2ProviderDefinition? ResolvedOrNull
    {
        get
        {
            if (_configured.ServerMetadataUrl is null)
            {
                return _configured;
            }

            lock (_lock)
            {
                return _metadata.InFlight is null && IsFresh(_metadata, _clock.GetUtcNow()) ? _metadata.Value!.Provider : null;
            }
        }
    }

    /// <summary>
    /// The error of the last metadata fetch when it failed (the cache then serves older metadata, if any, and
    /// retries after a backoff); <c>null</c> once a fetch succeeded, and before any.
    /// </summary>
    public OAuthError? MetadataError
    {
        get
        {
            lock (_lock)
            {
                return _metadata.LastFailure?.Error;
            }
        }
    }

    /// <summary>
    /// The provider's signing keys. <paramref name="refresh"/> asks for a re-fetch (after an unknown <c>kid</c>),
    /// honoured at most once per <see cref="OidcSettings.JwksMinRefreshInterval"/>.
    /// </summary>
    public Task<JsonWebKeySetResponse> GetKeysAsync(bool refresh, CancellationToken cancellationToken = default) =>
        Get(_keys, refresh, FetchKeysAsync, r => r.IsError);

    private Task<T> Get<T>(Entry<T> entry, bool force, Func<Task<T>> fetch, Func<T, bool> isError)
        where T : class
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (entry.InFlight is { } inFlight)
            {
                return inFlight;
            }

            var forced = force && entry.Value is not null && now >= entry.FetchedAt + _settings.JwksMinRefreshInterval;
            if (IsFresh(entry, now) && !forced)
            {
                return Task.FromResult(entry.Value!);
            }

            if (entry.Value is null && entry.LastFailure is { } failure && now < entry.RetryAfter)
            {
                return Task.FromResult(failure);
            }

            var task = FetchAndStore(entry, fetch, isError);
            entry.InFlight = task;
            return task;
        }
    }

    // A value fetched (or kept after a failed refresh) within the refresh interval: served without a fetch.
    private bool IsFresh<T>(Entry<T> entry, DateTimeOffset now)
        where T : class =>
        entry.Value is not null && now < entry.FetchedAt + _settings.MetadataRefreshInterval;

    private async Task<T> FetchAndStore<T>(Entry<T> entry, Func<Task<T>> fetch, Func<T, bool> isError)
        where T : class
    {
        await Task.Yield();
        var result = await fetch().ConfigureAwait(false);
        lock (_lock)
        {
            entry.InFlight = null;
            var now = _clock.GetUtcNow();
            if (!isError(result))
            {
                entry.Value = result;
                entry.FetchedAt = now;
                entry.LastFailure = null;
                entry.Backoff = TimeSpan.Zero;
                return result;
            }

            entry.Backoff = entry.Backoff == TimeSpan.Zero ? _settings.FailureBackoff : TimeSpan.FromTicks(Math.Min(entry.Backoff.Ticks * 2, _settings.MaxFailureBackoff.Ticks));
            entry.RetryAfter = now + entry.Backoff;
            entry.LastFailure = result;
            // A refresh that fails keeps the last good value (and tries again after the backoff).
            if (entry.Value is not null)
            {
                entry.FetchedAt = now - _settings.MetadataRefreshInterval + entry.Backoff;
                return entry.Value;
            }

            return result;
        }
    }

    private async Task<DiscoveredProvider> FetchMetadataAsync()
    {
        var response = await SendAsync(OidcDiscovery.MetadataRequest(_configured.ServerMetadataUrl!), AuthActorsTelemetry.Calls.Discovery).ConfigureAwait(false);
        var metadata = ProviderMetadataResponse.Read(response);
        return metadata.Metadata is { } m ? OidcDiscovery.Apply(_configured, m) : DiscoveredProvider.Fail(metadata.Error!);
    }

    private async Task<JsonWebKeySetResponse> FetchKeysAsync()
    {
        var resolved = await ResolveAsync().ConfigureAwait(false);
        if (resolved.Provider?.JwksUri is not { } jwksUri)
        {
            return new JsonWebKeySetResponse { Error = resolved.Error ?? new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The provider has no jwks_uri.") };
        }

        return JsonWebKeySetResponse.Read(await SendAsync(OAuthHttpRequest.Create("GET", jwksUri).WithHeader("Accept", "application/json"), AuthActorsTelemetry.Calls.Jwks).ConfigureAwait(false));
    }

    private async Task<OAuthHttpResponse> SendAsync(OAuthHttpRequest request, string call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _pipeline.SendAsync(ProviderCall.Plain(ProviderCallKind.Discovery, request), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return OAuthHttpResponse.Failed(ex.GetType().Name);
        }
        finally
        {
            AuthActorsTelemetry.RecordProviderCall(_configured.Name, call, started);
        }
    }

    private sealed class Entry<T>
        where T : class
    {
        public T? Value;
        public DateTimeOffset FetchedAt;
        public T? LastFailure;
        public DateTimeOffset RetryAfter;
        public TimeSpan Backoff;
        public Task<T>? InFlight;
    }
}
