using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>
/// A fake <see cref="IOAuthHttpTransport"/>: records every request and answers with canned responses in
/// order. A request with nothing left to answer fails the test instead of going anywhere.
/// </summary>
public sealed class CapturingTransport : IOAuthHttpTransport
{
    private readonly Queue<OAuthHttpResponse> _responses = new();

    public CapturingTransport(params OAuthHttpResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }
    }

    public List<OAuthHttpRequest> Requests { get; } = [];

    public OAuthHttpRequest Single => Assert.Single(Requests);

    public CapturingTransport Then(OAuthHttpResponse response)
    {
        _responses.Enqueue(response);
        return this;
    }

    public Task<OAuthHttpResponse> SendAsync(OAuthHttpRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException($"Unexpected request {request}: no canned response left.");
        }

        return Task.FromResult(_responses.Dequeue());
    }
}
