using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;

namespace AuthActors.Hosting;

/// <summary>
/// The <see cref="IAuthFlows"/> registered in DI. The real facade exists once the actor system has started
/// its provider routers; until then calls fail fast with a clear message.
/// </summary>
internal sealed class EngineHandle : IAuthFlows
{
    private volatile IAuthFlows? _inner;

    public void Attach(IAuthFlows flows, IReadOnlyList<ProviderRuntime>? runtimes = null)
    {
        Runtimes = runtimes ?? [];
        _inner = flows;
    }

    /// <summary>The provider runtimes of this node (none on a frontend, or before the engine started).</summary>
    public IReadOnlyList<ProviderRuntime> Runtimes { get; private set; } = [];

    private IAuthFlows Inner => _inner ?? throw new InvalidOperationException("The AuthActors engine has not started yet (the host is still starting).");

    public IReadOnlyList<ProviderInfo> Providers => Inner.Providers;

    public Task<BeginResult> BeginAsync(string provider, string redirectUri, BeginOptions? options = null, CancellationToken cancellationToken = default) =>
        Inner.BeginAsync(provider, redirectUri, options, cancellationToken);

    public Task<CompleteResult> CompleteAsync(string provider, string? attemptId, IReadOnlyList<KeyValuePair<string, string>> callbackParameters,
        string? bindingSecret, CancellationToken cancellationToken = default) =>
        Inner.CompleteAsync(provider, attemptId, callbackParameters, bindingSecret, cancellationToken);

    public Task<Engine.Statistics.AttemptStatistics.Snapshot> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        Inner.GetStatisticsAsync(cancellationToken);

    public Task<AuthorizationAttempt.Status> GetStatusAsync(string provider, string attemptId, CancellationToken cancellationToken = default) =>
        Inner.GetStatusAsync(provider, attemptId, cancellationToken);

    public string? AttemptIdOf(string provider, IReadOnlyList<KeyValuePair<string, string>> callbackParameters) =>
        Inner.AttemptIdOf(provider, callbackParameters);
}
