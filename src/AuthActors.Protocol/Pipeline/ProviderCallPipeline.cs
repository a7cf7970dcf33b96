using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Pipeline;

/// <summary>The rest of the pipeline, as seen by a behavior.</summary>
public delegate Task<OAuthHttpResponse> ProviderCallHandler(ProviderCall call, CancellationToken cancellationToken);

/// <summary>
/// A pluggable step around every call to a provider (compliance hooks, timeouts, logging, metrics, fault
/// injection). A behavior may change the call before passing it on and the response after; it never
/// throws for a failed exchange (transport failures are responses with status 0).
/// </summary>
public interface IProviderCallBehavior
{
    /// <summary>Handles <paramref name="call"/>, normally by invoking <paramref name="next"/>.</summary>
    Task<OAuthHttpResponse> InvokeAsync(ProviderCall call, ProviderCallHandler next, CancellationToken cancellationToken);
}

/// <summary>
/// Runs behaviors in order around a transport: the first behavior is outermost. The innermost step
/// finalizes the call (client authentication or OAuth 1 signing) and sends it.
/// </summary>
/// <example>
/// <code>
/// var pipeline = new ProviderCallPipeline(transport, [new ComplianceHooksBehavior(provider.CreateHooks())]);
/// var response = await pipeline.SendAsync(OAuth2Flow.AccessTokenCall(provider, code, redirectUri, verifier, now, jti));
/// </code>
/// </example>
public sealed class ProviderCallPipeline
{
    private readonly ProviderCallHandler _handler;

    /// <summary>Composes <paramref name="behaviors"/> around <paramref name="transport"/>.</summary>
    public ProviderCallPipeline(IOAuthHttpTransport transport, IEnumerable<IProviderCallBehavior> behaviors)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(behaviors);
        ProviderCallHandler handler = (call, ct) => transport.SendAsync(call.Finalize(call.Request), ct);
        foreach (var behavior in behaviors.Reverse())
        {
            var next = handler;
            handler = (call, ct) => behavior.InvokeAsync(call, next, ct);
        }

        _handler = handler;
    }

    /// <summary>Sends <paramref name="call"/> through the behaviors and the transport.</summary>
    public Task<OAuthHttpResponse> SendAsync(ProviderCall call, CancellationToken cancellationToken = default) =>
        _handler(call ?? throw new ArgumentNullException(nameof(call)), cancellationToken);
}

/// <summary>
/// Runs a provider's compliance hooks around the call: the request hooks of the call's kind before it is
/// finalized and sent, the response hooks on what comes back.
/// </summary>
public sealed class ComplianceHooksBehavior : IProviderCallBehavior
{
    private readonly ComplianceHooks _hooks;

    /// <summary>Creates the behavior for <paramref name="hooks"/>.</summary>
    public ComplianceHooksBehavior(ComplianceHooks hooks) => _hooks = hooks ?? throw new ArgumentNullException(nameof(hooks));

    /// <inheritdoc />
    public async Task<OAuthHttpResponse> InvokeAsync(ProviderCall call, ProviderCallHandler next, CancellationToken cancellationToken)
    {
        var hooked = call.RequestHookPoint is { } requestPoint ? call with { Request = _hooks.Apply(requestPoint, call.Request) } : call;
        var response = await next(hooked, cancellationToken).ConfigureAwait(false);
        return call.ResponseHookPoint is { } responsePoint ? _hooks.Apply(responsePoint, response) : response;
    }
}
