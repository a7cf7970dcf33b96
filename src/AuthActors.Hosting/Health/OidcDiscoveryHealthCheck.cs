using AuthActors.Hosting.Composition;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthActors.Hosting.Health;

/// <summary>
/// Readiness of the OpenID providers' discovery: every provider with metadata has it, fetched and fresh.
/// A provider whose metadata cannot be fetched makes the engine <see cref="HealthStatus.Degraded"/>, not
/// unhealthy: the other providers still work, and the cache retries with a backoff (so a probe costs nothing
/// while it backs off).
/// </summary>
internal sealed class OidcDiscoveryHealthCheck(ProviderCatalog providers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stale = new List<string>();
        foreach (var runtime in providers.Runtimes)
        {
            if (runtime.Oidc is not { } cache)
            {
                continue;
            }

            var resolved = await cache.ResolveAsync(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (resolved.Provider is null)
            {
                stale.Add($"{runtime.Name}: metadata unavailable ({resolved.Error?.Kind})");
            }
            else if (cache.MetadataError is { } error)
            {
                stale.Add($"{runtime.Name}: serving older metadata, the last refresh failed ({error.Kind})");
            }
        }

        return stale.Count == 0
            ? HealthCheckResult.Healthy("Every OpenID provider's metadata is fresh.")
            : new HealthCheckResult(HealthStatus.Degraded, string.Join("; ", stale));
    }
}
