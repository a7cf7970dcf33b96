using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.AspNetCore;

/// <summary>
/// Limits of the callback rate limiter (configuration <c>AuthActors:RateLimit</c> in the reference app). Each
/// callback costs the engine a journal read, even for a made-up attempt id; a flood from one client is cut off.
/// </summary>
public sealed class CallbackRateLimitOptions
{
    /// <summary>The policy name to put in <see cref="AuthActorsEndpointOptions.CallbackRateLimitPolicy"/>.</summary>
    public const string PolicyName = "authactors-callback";

    /// <summary>Whether callbacks are rate limited at all. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Callbacks allowed per client IP address in each <see cref="Window"/>. Default 60.</summary>
    public int PermitLimit { get; set; } = 60;

    /// <summary>The fixed window of <see cref="PermitLimit"/>. Default 10 s.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Registers the callback rate limiter.</summary>
public static class CallbackRateLimitServiceCollectionExtensions
{
    /// <summary>
    /// Adds ASP.NET Core rate limiting with the <see cref="CallbackRateLimitOptions.PolicyName"/> policy: a fixed window
    /// per client IP address (<see cref="ConnectionInfo.RemoteIpAddress"/>, so behind a proxy enable forwarded headers),
    /// answering 429 with <c>Retry-After</c> and problem details. The app calls <c>app.UseRateLimiter()</c> and sets
    /// <see cref="AuthActorsEndpointOptions.CallbackRateLimitPolicy"/>.
    /// </summary>
    public static IServiceCollection AddAuthActorsCallbackRateLimit(this IServiceCollection services, CallbackRateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return services.AddRateLimiter(o => o.AddPolicy(CallbackRateLimitOptions.PolicyName, new PerClientPolicy(limits)));
    }

    private sealed class PerClientPolicy(CallbackRateLimitOptions limits) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.Window;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                title: "Too many sign-in callbacks",
                detail: "Too many callbacks came from this address; try again shortly.",
                statusCode: StatusCodes.Status429TooManyRequests,
                type: "https://authactors.dev/errors/TooManyRequests").ExecuteAsync(rejected.HttpContext);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.PermitLimit,
                Window = limits.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }
}
