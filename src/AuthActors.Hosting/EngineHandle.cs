using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Hosting;

/// <summary>
/// The <see cref="IAuthFlows"/> registered in DI. The real facade exists once the actor system has started
/// its provider routers; until then calls fail fast with a clear message.
/// </summary>
internal sealed class EngineHandle : IAuthFlows
{
    private volatile IAuthFlows? _inner;
    private volatile ITokenVault? _vault;

    public EngineHandle() => Vault = new VaultHandle(this);

    public void Attach(IAuthFlows flows, IReadOnlyList<ProviderRuntime>? runtimes = null, ITokenVault? vault = null)
    {
        Runtimes = runtimes ?? [];
        _vault = vault;
        _inner = flows;
    }

    /// <summary>The token vault, once the engine has started.</summary>
    public ITokenVault Vault { get; }

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

    // The ITokenVault registered in DI: it exists before the engine has started, and fails fast until then.
    private sealed class VaultHandle(EngineHandle handle) : ITokenVault
    {
        private ITokenVault Inner => handle._vault ?? throw new InvalidOperationException("The AuthActors engine has not started yet (the host is still starting).");

        public event EventHandler<TokenUpdated>? TokenUpdated
        {
            add => Inner.TokenUpdated += value;
            remove => Inner.TokenUpdated -= value;
        }

        public Task<TokenResult> GetTokenAsync(string provider, string subject, CancellationToken cancellationToken = default) =>
            Inner.GetTokenAsync(provider, subject, cancellationToken);

        public Task<TokenResult> RefreshAsync(string provider, string subject, OAuthToken rejected, CancellationToken cancellationToken = default) =>
            Inner.RefreshAsync(provider, subject, rejected, cancellationToken);

        public Task<TokenGrant.Info> GetGrantAsync(string provider, string subject, CancellationToken cancellationToken = default) =>
            Inner.GetGrantAsync(provider, subject, cancellationToken);

        public Task<TokenResult> StoreAsync(string attemptId, LoginIdentity identity, OAuthToken token, CancellationToken cancellationToken = default) =>
            Inner.StoreAsync(attemptId, identity, token, cancellationToken);

        public Task<RevokeResult> RevokeAsync(string provider, string subject, CancellationToken cancellationToken = default) =>
            Inner.RevokeAsync(provider, subject, cancellationToken);

        public string? ApiBaseUrlOf(string provider) => Inner.ApiBaseUrlOf(provider);

        public Task<AuthorizedRequest> AuthorizeAsync(string provider, string subject, OAuthHttpRequest request, OAuthToken? rejected = null,
            CancellationToken cancellationToken = default) =>
            Inner.AuthorizeAsync(provider, subject, request, rejected, cancellationToken);
    }
}
