using System.Net.Http.Headers;
using System.Text;
using AuthActors.Protocol.Infrastructure;
using Flurl.Http;

namespace AuthActors.Protocol.Http;

/// <summary>
/// The Flurl.Http transport. Every call has a timeout; timeouts, refused or dropped connections and
/// unreadable bodies come back as <see cref="OAuthHttpResponse.Failed"/>, never as exceptions. Redirects are
/// never followed: token, refresh and revocation requests carry codes, verifiers and client credentials in
/// their bodies (RFC 9700 §4.11), so a 3xx comes back as the response it is, and the parsers make it a typed error.
/// </summary>
public sealed class FlurlOAuthTransport : IOAuthHttpTransport
{
    private readonly IFlurlClient _client;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a transport over <paramref name="client"/> (one per process; it pools connections).</summary>
    /// <param name="client">The Flurl client; <c>null</c> creates one with its own connection pool.</param>
    /// <param name="timeout">The limit for one call, 30 seconds by default.</param>
    public FlurlOAuthTransport(IFlurlClient? client = null, TimeSpan? timeout = null)
    {
        _client = client ?? new FlurlClient();
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc />
    public async Task<OAuthHttpResponse> SendAsync(OAuthHttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var flurl = _client.Request(request.Url).AllowAnyHttpStatus().WithAutoRedirect(false).WithTimeout(_timeout);
        foreach (var (name, value) in request.Headers)
        {
            flurl = flurl.WithHeader(name, value);
        }

        try
        {
            using var content = CreateContent(request);
            using var response = await flurl.SendAsync(new HttpMethod(request.Method), content,
                HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.ResponseMessage.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var headers = response.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
            return new OAuthHttpResponse(response.StatusCode,
                response.ResponseMessage.Content.Headers.ContentType?.MediaType, body, headers);
        }
        catch (FlurlHttpTimeoutException)
        {
            return OAuthHttpResponse.Failed($"timed out after {_timeout.TotalSeconds:0.###} s");
        }
        catch (FlurlHttpException ex)
        {
            // The message of the inner exception names the host and the socket error, never the payload.
            return OAuthHttpResponse.Failed(ex.InnerException?.Message ?? "the connection failed");
        }
        catch (HttpRequestException ex)
        {
            return OAuthHttpResponse.Failed(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OAuthHttpResponse.Failed("the call was cancelled");
        }
    }

    private static HttpContent? CreateContent(OAuthHttpRequest request)
    {
        if (request.Form is not null)
        {
            var content = new StringContent(FormEncoding.Write(request.Form), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(OAuthHttpRequest.FormContentType);
            return content;
        }

        if (request.Body is not null)
        {
            var content = new StringContent(request.Body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? "application/octet-stream");
            return content;
        }

        return null;
    }
}
