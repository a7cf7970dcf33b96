using System.Diagnostics;

namespace AuthActors.Bench.Variants;

/// <summary>
/// A browser's login against an app in another process: GET the begin URL (302 to the provider), follow it to the
/// authorize endpoint (which approves at once), GET the callback (302 to <c>/</c> with the sign-in cookie).
/// </summary>
internal sealed class BrowserLogin(string beginUrl) : ILogin
{
    private readonly string _home = new Uri(new Uri(beginUrl), "/").ToString();
    private readonly string _origin = new Uri(beginUrl).GetLeftPart(UriPartial.Authority);

    public async Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync()
    {
        var browser = new UserAgent();
        var watch = Stopwatch.StartNew();
        var (status, authorize) = await browser.GetAsync(beginUrl);
        if (status != 302 || authorize is null || authorize.StartsWith(_origin, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Begin answered {status} {authorize}.");
        }

        var begin = watch.Elapsed;
        var callback = await UserAgent.ApproveAsync(authorize);
        watch.Restart();
        var (completeStatus, location) = await browser.GetAsync(callback);
        if (completeStatus != 302 || location != _home)
        {
            throw new InvalidOperationException($"Complete answered {completeStatus} {location}.");
        }

        return (begin, watch.Elapsed);
    }
}
