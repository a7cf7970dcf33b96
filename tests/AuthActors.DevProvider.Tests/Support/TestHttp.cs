using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.DevProvider.Tests.Support;

/// <summary>A response as the tests read it.</summary>
public sealed record TestResponse(int Status, string? ContentType, string Body, HttpResponseHeaders Headers)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public IReadOnlyList<KeyValuePair<string, string>> Form => FormEncoding.Parse(Body);

    public string? Location => Headers.Location?.OriginalString;

    /// <summary>The query parameters of the redirect's Location.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> LocationQuery =>
        Location is { } l && l.IndexOf('?') is var q and >= 0 ? FormEncoding.Parse(l[(q + 1)..]) : [];

    public string? WwwAuthenticate => Headers.WwwAuthenticate.ToString() is { Length: > 0 } v ? v : null;
}

/// <summary>A hand-written client: turns the Protocol's <see cref="OAuthHttpRequest"/> into real HTTP on loopback, never following redirects.</summary>
public sealed class TestHttp : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public Task<TestResponse> GetAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync(OAuthHttpRequest.Create("GET", url), headers);

    public async Task<TestResponse> SendAsync(OAuthHttpRequest request, params (string Name, string Value)[] headers)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        foreach (var (name, value) in request.Headers.Concat(headers.Select(h => KeyValuePair.Create(h.Name, h.Value))))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Form is not null)
        {
            message.Content = new StringContent(FormEncoding.Write(request.Form), Encoding.UTF8, OAuthHttpRequest.FormContentType);
        }
        else if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, request.ContentType ?? "text/plain");
        }

        using var response = await _client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers);
    }

    public void Dispose() => _client.Dispose();
}
