namespace AuthActors.Protocol.Http;

/// <summary>
/// The one place where protocol requests leave the process. Implementations never throw for a failed
/// exchange: they return <see cref="OAuthHttpResponse.Failed"/> instead.
/// </summary>
public interface IOAuthHttpTransport
{
    /// <summary>Sends <paramref name="request"/> and returns the response, or a transport failure.</summary>
    Task<OAuthHttpResponse> SendAsync(OAuthHttpRequest request, CancellationToken cancellationToken = default);
}
