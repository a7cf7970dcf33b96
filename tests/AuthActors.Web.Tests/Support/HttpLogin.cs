using System.Net;

namespace AuthActors.Web.Tests.Support;

/// <summary>
/// A whole login over plain HTTP, no browser: the login redirect, the DevProvider's auto-approved authorize
/// redirect, and the callback sent back to the web process with the binding cookie (and any headers).
/// </summary>
public static class HttpLogin
{
    public sealed record Trace(HttpResponseMessage Login, string CallbackUrl, HttpResponseMessage Callback);

    public static HttpClient Client(string baseUrl) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl) };

    public static async Task<Trace> RunAsync(string baseUrl, string loginPathAndQuery, Action<HttpRequestMessage>? decorate = null)
    {
        using var client = Client(baseUrl);
        using var loginRequest = new HttpRequestMessage(HttpMethod.Get, loginPathAndQuery);
        decorate?.Invoke(loginRequest);
        var login = await client.SendAsync(loginRequest);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

        using var provider = await client.GetAsync(login.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, provider.StatusCode);
        var callbackUrl = provider.Headers.Location!.ToString();

        // The callback URL may carry the public origin; it is delivered to this process all the same.
        var callback = new Uri(callbackUrl);
        using var callbackRequest = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        callbackRequest.Headers.Add("Cookie", cookie);
        decorate?.Invoke(callbackRequest);
        return new Trace(login, callbackUrl, await client.SendAsync(callbackRequest));
    }

    /// <summary>The value of <paramref name="name"/> in the query of <paramref name="url"/>.</summary>
    public static string? QueryValue(Uri url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
