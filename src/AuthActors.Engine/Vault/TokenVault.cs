using Akka.Actor;
using AuthActors.Engine.Configuration;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Vault.TokenGrant;

namespace AuthActors.Engine.Vault;

/// <summary>
/// The <see cref="ITokenVault"/> facade over the grants router: a <see cref="Entities.LocalShard"/> on one node, a
/// sharding region or proxy in a cluster. It derives grant ids, turns timeouts into typed failures, and
/// prepares API requests with the Protocol layer's signing and hooks.
/// </summary>
public sealed class TokenVault : ITokenVault
{
    private readonly IActorRef _grants;
    private readonly AuthActorsSettings _settings;
    private readonly TimeProvider _clock;
    private readonly IRandomSource _random;
    private readonly IReadOnlyDictionary<string, (ProviderDefinition Definition, ComplianceHooks Hooks)> _providers;

    /// <summary>Creates the facade.</summary>
    /// <param name="grants">The router of grant commands.</param>
    /// <param name="providers">The configured providers (as configured: API URLs and signing need no discovery).</param>
    /// <param name="settings">The engine settings (ask timeout).</param>
    /// <param name="clock">The clock for OAuth 1 timestamps; the system clock by default.</param>
    /// <param name="random">The random source for OAuth 1 nonces; the CSPRNG by default.</param>
    public TokenVault(IActorRef grants, IEnumerable<ProviderDefinition> providers, AuthActorsSettings settings, TimeProvider? clock = null, IRandomSource? random = null)
    {
        _grants = grants ?? throw new ArgumentNullException(nameof(grants));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _providers = providers.ToDictionary(p => p.Name, p => (p, p.CreateHooks()), StringComparer.Ordinal);
        _clock = clock ?? TimeProvider.System;
        _random = random ?? CryptoRandomSource.Instance;
    }

    /// <inheritdoc />
    public event EventHandler<TokenUpdated>? TokenUpdated;

    /// <summary>The props of the actor that raises <see cref="TokenUpdated"/> from the node's event stream.</summary>
    public Akka.Actor.Props UpdateRelayProps() => Akka.Actor.Props.Create(() => new Internal.TokenUpdateRelay(this));

    internal void Raise(TokenUpdated update) => TokenUpdated?.Invoke(this, update);

    /// <inheritdoc />
    public Task<TokenResult> GetTokenAsync(string provider, string subject, CancellationToken cancellationToken = default) =>
        TokenAsync(provider, subject, null, cancellationToken);

    /// <inheritdoc />
    public Task<TokenResult> RefreshAsync(string provider, string subject, OAuthToken rejected, CancellationToken cancellationToken = default) =>
        TokenAsync(provider, subject, Fingerprint(rejected ?? throw new ArgumentNullException(nameof(rejected))), cancellationToken);

    /// <inheritdoc />
    public async Task<Info> GetGrantAsync(string provider, string subject, CancellationToken cancellationToken = default)
    {
        var id = IdOrNull(provider, subject);
        if (id is null)
        {
            return new Info(string.Empty, GrantStatus.None, null, null, null, false, 0, null, null, false);
        }

        return await AskAsync(new GetInfo(id), cancellationToken).ConfigureAwait(false) as Info
               ?? new Info(id, GrantStatus.None, provider, null, null, false, 0, null, null, false);
    }

    /// <inheritdoc />
    public async Task<TokenResult> StoreAsync(string attemptId, LoginIdentity identity, OAuthToken token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(attemptId);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(token);
        var id = IdOrNull(identity.Provider, identity.Subject);
        if (id is null)
        {
            return new TokenResult(null, null, Unknown(identity.Provider));
        }

        return await AskAsync(new Store(id, identity.Provider, identity.Subject, identity.Issuer, token, attemptId), cancellationToken).ConfigureAwait(false) switch
        {
            Info info => new TokenResult(token, info, null),
            Refused refused => new TokenResult(null, null, refused),
            var other => new TokenResult(null, null, Unexpected(id, other)),
        };
    }

    /// <inheritdoc />
    public async Task<RevokeResult> RevokeAsync(string provider, string subject, CancellationToken cancellationToken = default)
    {
        var id = IdOrNull(provider, subject);
        if (id is null)
        {
            return new RevokeResult(false, false, Unknown(provider));
        }

        return await AskAsync(new Delete(id), cancellationToken).ConfigureAwait(false) switch
        {
            Deleted deleted => new RevokeResult(true, deleted.RevokedAtProvider, deleted.ProviderError is null ? null
                : new Refused(id, GrantFailureReason.ProviderUnavailable, deleted.ProviderError, "The provider did not confirm the revocation; the grant is deleted here.")),
            Refused refused => new RevokeResult(false, false, refused),
            var other => new RevokeResult(false, false, Unexpected(id, other)),
        };
    }

    /// <inheritdoc />
    public string? ApiBaseUrlOf(string provider) => provider is not null && _providers.TryGetValue(provider, out var p) ? p.Definition.ApiBaseUrl : null;

    /// <inheritdoc />
    public async Task<AuthorizedRequest> AuthorizeAsync(string provider, string subject, OAuthHttpRequest request, OAuthToken? rejected = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_providers.TryGetValue(provider, out var p))
        {
            return new AuthorizedRequest(null, null, Unknown(provider));
        }

        var url = p.Definition.ResolveApiUrl(request.Url);
        if (url is null || !p.Definition.MayReceiveToken(url))
        {
            return new AuthorizedRequest(null, null, new Refused(string.Empty, GrantFailureReason.TokenNotAllowed, OAuthErrorCodes.TokenDestinationNotAllowed,
                "The token is sent only to the https origin of the provider's ApiBaseUrl or TokenOrigins (RFC 9700 §4.10)."));
        }

        var result = rejected is null
            ? await GetTokenAsync(provider, subject, cancellationToken).ConfigureAwait(false)
            : await RefreshAsync(provider, subject, rejected, cancellationToken).ConfigureAwait(false);
        if (result.Token is not { } token)
        {
            return new AuthorizedRequest(null, null, result.Failure);
        }

        // Only OAuth 1 signs with a nonce; a Bearer call needs none.
        var nonce = p.Definition is OAuth1ProviderDefinition ? OAuth1Flow.NewNonce(_random) : string.Empty;
        var (call, error) = ProtectedCalls.For(p.Definition, token, request with { Url = url }, nonce, _clock.GetUtcNow().ToUnixTimeSeconds());
        return call is null
            ? new AuthorizedRequest(null, null, new Refused(result.Grant?.GrantId ?? string.Empty, GrantFailureReason.TokenNotAllowed, error?.Code, error?.Description ?? "The token cannot be sent."))
            : new AuthorizedRequest(call.Prepare(p.Hooks), token, null);
    }

    private async Task<TokenResult> TokenAsync(string provider, string subject, string? rejectedFingerprint, CancellationToken cancellationToken)
    {
        var id = IdOrNull(provider, subject);
        if (id is null)
        {
            return new TokenResult(null, null, Unknown(provider));
        }

        return await AskAsync(new GetToken(id, rejectedFingerprint), cancellationToken).ConfigureAwait(false) switch
        {
            Issued issued => new TokenResult(issued.Token, issued.Grant, null),
            Refused refused => new TokenResult(null, null, refused),
            var other => new TokenResult(null, null, Unexpected(id, other)),
        };
    }

    private string? IdOrNull(string provider, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return provider is not null && _providers.ContainsKey(provider) ? IdOf(provider, subject) : null;
    }

    private async Task<object> AskAsync(ICommand command, CancellationToken cancellationToken)
    {
        // A refresh may wait for the provider's metadata and one token call.
        var timeout = _settings.BeginTimeout;
        var reply = await AskDeadlines.AskAsync(_grants, command, timeout, cancellationToken).ConfigureAwait(false);
        return reply is AskDeadlines.Passed
            ? new Refused(command.GrantId, GrantFailureReason.Timeout, null, $"The vault did not answer within {timeout.TotalSeconds:0.#} s.")
            : reply;
    }

    private static Refused Unknown(string provider) =>
        new(string.Empty, GrantFailureReason.UnknownProvider, null, $"No provider named '{provider}' is configured.");

    private static Refused Unexpected(string id, object reply) =>
        new(id, GrantFailureReason.JournalUnavailable, null, $"Unexpected reply {reply.GetType().Name}.");
}
