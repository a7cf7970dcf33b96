using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Engine.Tests.Support;

/// <summary>Plays the user agent at the provider: follows the authorize URL and returns the callback's parameters.</summary>
public static class Browser
{
    private static readonly HttpClient Client = new(new HttpClientHandler { AllowAutoRedirect = false });

    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ApproveAsync(string authorizeUrl)
    {
        using var response = await Client.GetAsync(authorizeUrl);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} without a redirect.");
        return FormEncoding.Parse(location.Query);
    }
}
