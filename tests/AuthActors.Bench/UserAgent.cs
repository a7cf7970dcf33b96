using System.Net;

namespace AuthActors.Bench;

/// <summary>
/// A simulated browser of the fleet: one pooled <see cref="SocketsHttpHandler"/> for every user, redirects off
/// (it follows one at a time), and cookies kept by hand in a jar per login, so a request costs what it costs in a
/// browser and nothing is shared between users.
/// </summary>
internal sealed class UserAgent
{
    private static readonly SocketsHttpHandler Handler = new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    };

    public static readonly HttpClient Http = new(Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>GETs <paramref name="url"/> with the jar; returns the Location of a 302 (or null) and the status.</summary>
    public async Task<(int Status, string? Location)> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        }

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0];
                var eq = pair.IndexOf('=');
                var name = pair[..eq];
                var value = pair[(eq + 1)..];
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.ToString() : new Uri(new Uri(url), l).ToString()) : null;
        return ((int)response.StatusCode, location);
    }

    /// <summary>Follows the provider's authorize URL (it approves at once) and returns the callback URL.</summary>
    public static async Task<string> ApproveAsync(string authorizeUrl)
    {
        using var response = await Http.GetAsync(authorizeUrl, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode == HttpStatusCode.Redirect || response.StatusCode == HttpStatusCode.Found
            ? response.Headers.Location!.ToString()
            : throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} at the authorize endpoint.");
    }
}
