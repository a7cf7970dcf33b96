using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;

namespace AuthActors.Engine.TokenFetch;

/// <summary>
/// Enforces a limit on every call to a provider: past it, the call is cancelled and reported as a
/// transport failure, never left hanging.
/// </summary>
internal sealed class TimeoutBehavior : IProviderCallBehavior
{
    private readonly TimeSpan _timeout;

    /// <summary>Creates the behavior.</summary>
    public TimeoutBehavior(TimeSpan timeout) => _timeout = timeout;

    /// <inheritdoc />
    public async Task<OAuthHttpResponse> InvokeAsync(ProviderCall call, ProviderCallHandler next, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        try
        {
            return await next(call, cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OAuthHttpResponse.Failed($"no answer within {_timeout.TotalSeconds:0.###} s");
        }
    }
}
