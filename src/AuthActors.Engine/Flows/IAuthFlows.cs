using AuthActors.Engine.Attempts;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Flows;

/// <summary>
/// What web frontends call: begin a login, complete it with its callback. It works the same in the
/// single-process mode and in a cluster (where the attempt may live on another node).
/// </summary>
public interface IAuthFlows
{
    /// <summary>The configured providers.</summary>
    IReadOnlyList<ProviderInfo> Providers { get; }

    /// <summary>
    /// Begins a login: creates a persistent attempt and returns the URL to redirect the browser to, with a
    /// browser-binding secret the frontend must keep in an HttpOnly cookie (the attempt stores only its hash).
    /// </summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="redirectUri">The absolute callback URL. For OAuth 1 the engine adds the attempt id to it (see <see cref="AuthFlows.AttemptParameter"/>).</param>
    /// <param name="options">Per-login options.</param>
    /// <param name="cancellationToken">Cancels the wait (for example <c>HttpContext.RequestAborted</c>).</param>
    Task<BeginResult> BeginAsync(string provider, string redirectUri, BeginOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a login with the callback's parameters and the binding secret from the cookie. Duplicate
    /// callbacks share the outcome of the one token request.
    /// </summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="attemptId">The attempt id, or <c>null</c> to read it from the callback (see <see cref="AttemptIdOf"/>).</param>
    /// <param name="callbackParameters">The callback's query (or form_post) parameters.</param>
    /// <param name="bindingSecret">The secret from the binding cookie, or <c>null</c> when the browser sent none.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<CompleteResult> CompleteAsync(string provider, string? attemptId, IReadOnlyList<KeyValuePair<string, string>> callbackParameters,
        string? bindingSecret, CancellationToken cancellationToken = default);

    /// <summary>Node-local counters: attempts per provider and phase, failures by reason (for status pages).</summary>
    Task<Statistics.AttemptStatistics.Snapshot> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>The phase of an attempt.</summary>
    Task<AuthorizationAttempt.Status> GetStatusAsync(string provider, string attemptId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The attempt id a callback refers to: the <c>state</c> for OAuth 2, the <c>attempt</c> parameter the
    /// engine put in the OAuth 1 callback URL. <c>null</c> when it carries none.
    /// </summary>
    string? AttemptIdOf(string provider, IReadOnlyList<KeyValuePair<string, string>> callbackParameters);
}

/// <summary>A configured provider, as frontends show it.</summary>
/// <param name="Name">The name used in routes.</param>
/// <param name="DisplayName">The name on buttons.</param>
/// <param name="OAuthVersion">1 or 2.</param>
public sealed record ProviderInfo(string Name, string DisplayName, int OAuthVersion);

/// <summary>Per-login options.</summary>
public sealed record BeginOptions
{
    /// <summary>Extra authorization parameters for this login (for example <c>prompt=consent</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraParameters { get; init; } = [];
}

/// <summary>The result of <see cref="IAuthFlows.BeginAsync"/>.</summary>
/// <param name="AttemptId">The attempt id.</param>
/// <param name="AuthorizeUrl">Where to redirect the browser; <c>null</c> on failure.</param>
/// <param name="State">The OAuth 2 state; <c>null</c> for OAuth 1 and on failure.</param>
/// <param name="BindingSecret">The secret for the HttpOnly binding cookie; never log it.</param>
/// <param name="Failure">The failure, or <c>null</c>.</param>
public sealed record BeginResult(string AttemptId, string? AuthorizeUrl, string? State, string BindingSecret, AuthorizationAttempt.Failed? Failure)
{
    /// <summary>True when the login began.</summary>
    public bool IsSuccess => Failure is null;

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("AttemptId = ").Append(AttemptId).Append(", Failure = ").Append(Failure);
        return true;
    }
}

/// <summary>The result of <see cref="IAuthFlows.CompleteAsync"/>.</summary>
/// <param name="AttemptId">The attempt id.</param>
/// <param name="Token">The token, on success.</param>
/// <param name="Failure">The failure, or <c>null</c>.</param>
public sealed record CompleteResult(string AttemptId, OAuthToken? Token, AuthorizationAttempt.Failed? Failure)
{
    /// <summary>Who signed in: issuer, subject and claims, validated (never made up). Set on success.</summary>
    public LoginIdentity? Identity { get; init; }

    /// <summary>The provider's user info (JSON), when the provider has a user info URL and the call succeeded.</summary>
    public string? UserInfo => Identity?.UserInfo;

    /// <summary>
    /// The token vault's answer to storing this login's tokens as a grant; <c>null</c> when the vault does not
    /// store logins (<c>authactors.vault.store-on-login = off</c>) or the login failed.
    /// </summary>
    public Vault.TokenResult? Grant { get; init; }

    /// <summary>True when the login completed with a token.</summary>
    public bool IsSuccess => Failure is null;
}
