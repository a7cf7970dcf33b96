using AuthActors.Protocol.Client;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol;

/// <summary>
/// The seed's mixed OAuth 1 / OAuth 2 client, one to control them both. OAuth 1 is detected by a request
/// token URL. Subclass it and override <see cref="GetTokenAsync"/> to call APIs relative to
/// <see cref="OAuthClientOptions.ApiBaseUrl"/>. Clock, randomness and transport are injected.
/// </summary>
/// <example>
/// <code>
/// var client = new OAuthClient(options);
/// var (url, state) = await client.GenerateAuthorizeRedirectAsync("https://example.com/auth");
/// // ... later, in the callback:
/// var token = await client.FetchAccessTokenAsync("https://example.com/auth", callbackParams, expectedState: state, codeVerifier: saved.CodeVerifier);
/// </code>
/// </example>
public class OAuthClient
{
    /// <summary>Length of the OAuth 1 nonce: inside oauthlib's default <c>nonce_length</c> of 20..30.</summary>
    public const int OAuth1NonceLength = 24;

    private readonly ProviderCallPipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly IRandomSource _random;

    /// <summary>Creates a client from the seed-shaped options.</summary>
    public OAuthClient(OAuthClientOptions options, IOAuthHttpTransport? transport = null, TimeProvider? clock = null, IRandomSource? random = null)
        : this((options ?? throw new ArgumentNullException(nameof(options))).ToDefinition(), transport, clock, random)
    {
    }

    /// <summary>Creates a client for an explicit provider definition.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="transport">Sends requests; Flurl.Http by default.</param>
    /// <param name="clock">The clock (timestamps, expiry); the system clock by default.</param>
    /// <param name="random">Random values (state, PKCE, nonces); the CSPRNG by default.</param>
    /// <param name="behaviors">Further behaviors around every call, inside the compliance hooks.</param>
    public OAuthClient(ProviderDefinition provider, IOAuthHttpTransport? transport = null, TimeProvider? clock = null, IRandomSource? random = null,
        IEnumerable<IProviderCallBehavior>? behaviors = null)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _clock = clock ?? TimeProvider.System;
        _random = random ?? CryptoRandomSource.Instance;
        Session = provider.CreateHooks();
        _pipeline = new ProviderCallPipeline(transport ?? new FlurlOAuthTransport(),
            new IProviderCallBehavior[] { new ComplianceHooksBehavior(Session) }.Concat(behaviors ?? []));
    }

    /// <summary>The provider this client talks to.</summary>
    public ProviderDefinition Provider { get; }

    /// <summary>True for an OAuth 1 provider.</summary>
    public bool IsOAuth1 => Provider is OAuth1ProviderDefinition;

    /// <summary>
    /// The compliance hook registry (the seed's <c>client.session</c>), already holding the hooks of the
    /// configured <c>ComplianceFix</c>: <c>client.Session.RegisterComplianceHook("protected_request", hook)</c>.
    /// </summary>
    public ComplianceHooks Session { get; }

    /// <summary>
    /// Builds the URL to redirect the user to and returns it with the state (the seed's
    /// <c>generate_authorize_redirect</c>). For OAuth 1 it first obtains the temporary credentials and hands
    /// them to <paramref name="saveRequestToken"/>; state is then <c>null</c>. For OAuth 2 the result also
    /// carries the PKCE verifier and nonce, which the caller keeps for the callback.
    /// </summary>
    /// <param name="redirectUri">The callback URL (OAuth 1: <c>oauth_callback</c>; <c>oob</c> when null).</param>
    /// <param name="saveRequestToken">OAuth 1: stores the temporary credentials until the callback.</param>
    /// <param name="extraParameters">Per-call authorization parameters.</param>
    /// <param name="cancellationToken">Cancels the request token call.</param>
    /// <exception cref="OAuthException">The request token step failed (OAuth 1).</exception>
    public async Task<AuthorizeRedirect> GenerateAuthorizeRedirectAsync(
        string? redirectUri = null,
        Func<OAuth1Token, Task>? saveRequestToken = null,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null,
        CancellationToken cancellationToken = default)
    {
        var flow = LoginFlow.For(Provider);
        OAuth1Token? requestToken = null;
        if (flow.PreRedirectCall(redirectUri, _random, _clock.GetUtcNow()) is { } call)
        {
            var response = flow.ReadPreRedirect(await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false));
            requestToken = response.Token ?? throw new OAuthException(response.Error!);
            if (saveRequestToken is not null)
            {
                await saveRequestToken(requestToken).ConfigureAwait(false);
            }
        }

        return flow.Redirect(redirectUri, _random, extraParameters, state: null, requestToken);
    }

    /// <summary>
    /// Exchanges the callback for a token (the seed's <c>fetch_access_token</c>).
    /// OAuth 1: the callback's <c>oauth_token</c> must equal the saved request token (constant-time) and
    /// <c>oauth_verifier</c> is required. OAuth 2: <paramref name="expectedState"/> is required and checked (unless <paramref name="stateCheckedByCaller"/>),
    /// an <c>error</c> is a typed denial, and the code is exchanged with the PKCE verifier.
    /// </summary>
    /// <param name="redirectUri">The same redirect URI as in the authorization request (OAuth 2).</param>
    /// <param name="callbackParameters">The callback's query (or form_post) parameters.</param>
    /// <param name="getRequestToken">OAuth 1: returns the saved temporary credentials.</param>
    /// <param name="expectedState">OAuth 2: the saved state.</param>
    /// <param name="codeVerifier">OAuth 2: the saved PKCE verifier.</param>
    /// <param name="stateCheckedByCaller">OAuth 2: true to skip the state check because the caller did it (for example by routing on state).</param>
    /// <param name="cancellationToken">Cancels the token call.</param>
    /// <exception cref="OAuthException">The callback is refused or the exchange failed.</exception>
    public async Task<OAuthToken> FetchAccessTokenAsync(
        string? redirectUri,
        IEnumerable<KeyValuePair<string, string>> callbackParameters,
        Func<Task<OAuth1Token?>>? getRequestToken = null,
        string? expectedState = null,
        string? codeVerifier = null,
        bool stateCheckedByCaller = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackParameters);
        var flow = LoginFlow.For(Provider);
        if (flow.UsesState && expectedState is null && !stateCheckedByCaller)
        {
            // RFC 6749 §10.12: the state check is what stops login CSRF; skipping it must be a decision.
            throw new OAuthException(new OAuthError(ErrorKind.InvalidRequest, OAuthErrorCodes.StateNotChecked,
                "Pass the saved state as expectedState, or stateCheckedByCaller: true when you have checked it yourself."));
        }

        var requestToken = flow.UsesState || getRequestToken is null ? null : await getRequestToken().ConfigureAwait(false);
        var (grant, error) = flow.ValidateCallback(callbackParameters, expectedState, requestToken);
        if (error is not null)
        {
            throw new OAuthException(error);
        }

        var call = flow.ExchangeCall(grant!, redirectUri, codeVerifier, requestToken, _random, _clock.GetUtcNow());
        var (token, tokenError) = flow.ReadToken(await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false), _clock.GetUtcNow());
        return token ?? throw new OAuthException(tokenError!);
    }

    /// <summary>
    /// The token for API calls when none is passed explicitly. Override it (the seed's <c>get_token</c>) to
    /// return the current user's token; the default has none.
    /// </summary>
    public virtual Task<OAuthToken?> GetTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult<OAuthToken?>(null);

    /// <summary>
    /// Calls an API: <paramref name="url"/> resolves against <c>ApiBaseUrl</c> (RFC 3986 §5.2), the request
    /// is signed (OAuth 1) or carries the Bearer token (OAuth 2), and <c>protected_request</c> hooks run.
    /// A transport failure is returned as a response with status 0.
    /// </summary>
    /// <exception cref="OAuthException">No token is available, its type cannot be used, or the URL is not an origin the token may go to.</exception>
    public async Task<OAuthHttpResponse> RequestAsync(
        string method,
        string url,
        IEnumerable<KeyValuePair<string, string>>? form = null,
        string? jsonBody = null,
        OAuthToken? token = null,
        CancellationToken cancellationToken = default)
    {
        token ??= await GetTokenAsync(cancellationToken).ConfigureAwait(false)
                  ?? throw new OAuthException(new OAuthError(ErrorKind.InvalidRequest, OAuthErrorCodes.MissingAccessToken,
                      "No token: pass one or override GetTokenAsync."));
        var resolved = ResolveUrl(url);
        if (!Provider.MayReceiveToken(resolved))
        {
            throw new OAuthException(new OAuthError(ErrorKind.InvalidRequest, OAuthErrorCodes.TokenDestinationNotAllowed,
                "The token is sent only to the https origin of ApiBaseUrl or of TokenOrigins (RFC 9700 §4.10)."));
        }

        var request = new OAuthHttpRequest(method.ToUpperInvariant(), resolved, [], form?.ToList(), jsonBody,
            jsonBody is null ? null : "application/json");
        var (call, error) = ProtectedCalls.For(Provider, token, request, IsOAuth1 ? NewOAuth1Nonce() : NewNonce(), Timestamp());
        return await _pipeline.SendAsync(call ?? throw new OAuthException(error!), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET an API resource; see <see cref="RequestAsync"/>.</summary>
    public Task<OAuthHttpResponse> GetAsync(string url, OAuthToken? token = null, CancellationToken cancellationToken = default) =>
        RequestAsync("GET", url, token: token, cancellationToken: cancellationToken);

    /// <summary>POST a form to an API resource; see <see cref="RequestAsync"/>.</summary>
    public Task<OAuthHttpResponse> PostAsync(string url, IEnumerable<KeyValuePair<string, string>>? form = null, string? jsonBody = null, OAuthToken? token = null, CancellationToken cancellationToken = default) =>
        RequestAsync("POST", url, form, jsonBody, token, cancellationToken);

    /// <summary>PUT to an API resource; see <see cref="RequestAsync"/>.</summary>
    public Task<OAuthHttpResponse> PutAsync(string url, IEnumerable<KeyValuePair<string, string>>? form = null, string? jsonBody = null, OAuthToken? token = null, CancellationToken cancellationToken = default) =>
        RequestAsync("PUT", url, form, jsonBody, token, cancellationToken);

    /// <summary>DELETE an API resource; see <see cref="RequestAsync"/>.</summary>
    public Task<OAuthHttpResponse> DeleteAsync(string url, OAuthToken? token = null, CancellationToken cancellationToken = default) =>
        RequestAsync("DELETE", url, token: token, cancellationToken: cancellationToken);

    /// <summary>Refreshes an OAuth 2 token (RFC 6749 §6); the old refresh token is kept when no new one is issued.</summary>
    /// <exception cref="OAuthException">The refresh failed.</exception>
    public async Task<OAuth2Token> RefreshTokenAsync(string refreshToken, string? scope = null, CancellationToken cancellationToken = default)
    {
        var oauth2 = RequireOAuth2();
        var call = OAuth2Flow.RefreshTokenCall(oauth2, refreshToken, scope, _clock.GetUtcNow(), NewNonce());
        var response = await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false);
        var parsed = OAuth2Flow.ReadRefreshedToken(response, _clock.GetUtcNow(), refreshToken);
        return parsed.Token ?? throw new OAuthException(parsed.Error!);
    }

    /// <summary>Obtains a token with the client credentials grant (RFC 6749 §4.4).</summary>
    /// <exception cref="OAuthException">The request failed.</exception>
    public async Task<OAuth2Token> FetchClientCredentialsTokenAsync(string? scope = null, CancellationToken cancellationToken = default)
    {
        var oauth2 = RequireOAuth2();
        var call = OAuth2Flow.ClientCredentialsCall(oauth2, scope, _clock.GetUtcNow(), NewNonce());
        var parsed = OAuth2Flow.ReadAccessToken(await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false), _clock.GetUtcNow());
        return parsed.Token ?? throw new OAuthException(parsed.Error!);
    }

    /// <summary>Revokes a token (RFC 7009). Returns the response; it never throws for a provider's answer.</summary>
    public async Task<RevocationResponse> RevokeTokenAsync(string token, string? tokenTypeHint = null, CancellationToken cancellationToken = default)
    {
        var call = OAuth2Flow.RevokeTokenCall(RequireOAuth2(), token, tokenTypeHint, _clock.GetUtcNow(), NewNonce());
        return Revocation.Parse(await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Introspects a token (RFC 7662). Returns the response; it never throws for a provider's answer.</summary>
    public async Task<IntrospectionResponse> IntrospectTokenAsync(string token, string? tokenTypeHint = null, CancellationToken cancellationToken = default)
    {
        var call = OAuth2Flow.IntrospectTokenCall(RequireOAuth2(), token, tokenTypeHint, _clock.GetUtcNow(), NewNonce());
        return Introspection.Parse(await _pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Resolves <paramref name="url"/> against <c>ApiBaseUrl</c> per RFC 3986 §5.2: <c>user</c> against
    /// <c>https://api.github.com/</c> is <c>https://api.github.com/user</c>; absolute URLs are kept.
    /// </summary>
    public string ResolveUrl(string url) =>
        Provider.ResolveApiUrl(url) ?? throw new InvalidOperationException($"'{url}' is relative and the provider has no ApiBaseUrl.");

    private OAuth2ProviderDefinition RequireOAuth2() =>
        Provider as OAuth2ProviderDefinition ?? throw new InvalidOperationException("This operation exists only in OAuth 2.");

    /// <summary>OAuth 2 per-call values (client assertion <c>jti</c>): 16 random bytes as base64url.</summary>
    private string NewNonce() => RandomTokens.UrlSafe(_random, 16);

    /// <summary>
    /// The OAuth 1 <c>oauth_nonce</c>: 24 characters of <c>[A-Za-z0-9]</c> (~143 bits). RFC 5849 §3.3 allows any
    /// string, but servers such as oauthlib accept only alphanumeric nonces of 20..30 characters.
    /// </summary>
    private string NewOAuth1Nonce() => OAuth1Flow.NewNonce(_random);

    private long Timestamp() => _clock.GetUtcNow().ToUnixTimeSeconds();
}
