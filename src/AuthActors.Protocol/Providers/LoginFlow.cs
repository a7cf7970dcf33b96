using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// One entry point per step of a login, whatever the provider's OAuth version, as pure functions (random
/// values, nonces and time are arguments): the call before the redirect (OAuth 1's temporary credentials;
/// none for OAuth 2), the redirect, the callback check, the token call and the reading of its answer. Callers
/// (<see cref="OAuthClient"/>, the engine's attempts) run the calls through a <see cref="ProviderCallPipeline"/>
/// and never branch on the version.
/// </summary>
public abstract class LoginFlow
{
    private protected LoginFlow()
    {
    }

    /// <summary>The flow of <paramref name="provider"/> (as resolved, for OpenID Connect providers with discovery).</summary>
    public static LoginFlow For(ProviderDefinition provider) => provider switch
    {
        OAuth2ProviderDefinition oauth2 => new OAuth2(oauth2),
        OAuth1ProviderDefinition oauth1 => new OAuth1(oauth1),
        null => throw new ArgumentNullException(nameof(provider)),
        _ => throw new ArgumentException($"Unknown provider kind {provider.GetType().Name}.", nameof(provider)),
    };

    /// <summary>The provider.</summary>
    public abstract ProviderDefinition Provider { get; }

    /// <summary>Whether the callback is bound by <c>state</c> (OAuth 2) rather than by the request token (OAuth 1).</summary>
    public abstract bool UsesState { get; }

    /// <summary>The call to make before the redirect, or <c>null</c> when the redirect needs none (OAuth 2).</summary>
    /// <param name="redirectUri">The callback URL (OAuth 1: <c>oauth_callback</c>; <c>oob</c> when <c>null</c>).</param>
    /// <param name="random">The source of the call's nonce.</param>
    /// <param name="now">The time of the call (OAuth 1 timestamp).</param>
    public abstract ProviderCall? PreRedirectCall(string? redirectUri, IRandomSource random, DateTimeOffset now);

    /// <summary>Reads the answer to <see cref="PreRedirectCall"/> (after the response hooks): the temporary credentials, or a typed error.</summary>
    public abstract OAuth1TokenResponse ReadPreRedirect(OAuthHttpResponse response);

    /// <summary>
    /// The URL to send the user to, with what the login must keep until the callback: OAuth 2 generates the state
    /// (or uses <paramref name="state"/>), the PKCE verifier and the nonce; OAuth 1 needs
    /// <paramref name="requestToken"/> from <see cref="ReadPreRedirect"/>.
    /// </summary>
    public abstract AuthorizeRedirect Redirect(string? redirectUri, IRandomSource random, IEnumerable<KeyValuePair<string, string>>? extraParameters,
        string? state, OAuth1Token? requestToken);

    /// <summary>
    /// Checks a callback against what the login kept (the state and issuer, or the request token) and returns its
    /// grant (OAuth 2 code, OAuth 1 verifier) or a typed error; a denial is an error of kind <see cref="ErrorKind.Denied"/>.
    /// </summary>
    public abstract (string? Grant, OAuthError? Error) ValidateCallback(IEnumerable<KeyValuePair<string, string>> parameters, string? expectedState,
        OAuth1Token? requestToken);

    /// <summary>The token call for an accepted grant, with what the login kept since its redirect.</summary>
    public abstract ProviderCall ExchangeCall(string grant, string? redirectUri, string? codeVerifier, OAuth1Token? requestToken, IRandomSource random,
        DateTimeOffset now);

    /// <summary>Reads the token call's answer (after the response hooks): the token, or a typed error.</summary>
    public abstract (OAuthToken? Token, OAuthError? Error) ReadToken(OAuthHttpResponse response, DateTimeOffset now);

    private sealed class OAuth2(OAuth2ProviderDefinition provider) : LoginFlow
    {
        public override ProviderDefinition Provider => provider;

        public override bool UsesState => true;

        public override ProviderCall? PreRedirectCall(string? redirectUri, IRandomSource random, DateTimeOffset now) => null;

        public override OAuth1TokenResponse ReadPreRedirect(OAuthHttpResponse response) =>
            throw new InvalidOperationException("OAuth 2 makes no call before the redirect.");

        public override AuthorizeRedirect Redirect(string? redirectUri, IRandomSource random, IEnumerable<KeyValuePair<string, string>>? extraParameters,
            string? state, OAuth1Token? requestToken)
        {
            var start = OAuth2Flow.Begin(provider, redirectUri, random, extraParameters, state);
            return new AuthorizeRedirect(start.Url, start.State) { CodeVerifier = start.CodeVerifier, Nonce = start.Nonce };
        }

        public override (string? Grant, OAuthError? Error) ValidateCallback(IEnumerable<KeyValuePair<string, string>> parameters, string? expectedState,
            OAuth1Token? requestToken) =>
            OAuth2Flow.ValidateCallback(provider, parameters, expectedState) is var callback ? (callback.Code, callback.Error) : default;

        public override ProviderCall ExchangeCall(string grant, string? redirectUri, string? codeVerifier, OAuth1Token? requestToken, IRandomSource random,
            DateTimeOffset now) =>
            OAuth2Flow.AccessTokenCall(provider, grant, redirectUri, codeVerifier, now, RandomTokens.UrlSafe(random, 16));

        public override (OAuthToken? Token, OAuthError? Error) ReadToken(OAuthHttpResponse response, DateTimeOffset now) =>
            OAuth2Flow.ReadAccessToken(response, now) is var parsed ? (parsed.Token, parsed.Error) : default;
    }

    private sealed class OAuth1(OAuth1ProviderDefinition provider) : LoginFlow
    {
        public override ProviderDefinition Provider => provider;

        public override bool UsesState => false;

        public override ProviderCall? PreRedirectCall(string? redirectUri, IRandomSource random, DateTimeOffset now) =>
            OAuth1Flow.RequestTokenCall(provider, redirectUri ?? OAuth1Constants.OutOfBand, OAuth1Flow.NewNonce(random), now.ToUnixTimeSeconds());

        public override OAuth1TokenResponse ReadPreRedirect(OAuthHttpResponse response) => OAuth1Flow.ReadRequestToken(response);

        public override AuthorizeRedirect Redirect(string? redirectUri, IRandomSource random, IEnumerable<KeyValuePair<string, string>>? extraParameters,
            string? state, OAuth1Token? requestToken)
        {
            ArgumentNullException.ThrowIfNull(requestToken);
            return new AuthorizeRedirect(OAuth1Flow.AuthorizeUrl(provider, requestToken.Token, extraParameters), null) { RequestToken = requestToken };
        }

        public override (string? Grant, OAuthError? Error) ValidateCallback(IEnumerable<KeyValuePair<string, string>> parameters, string? expectedState,
            OAuth1Token? requestToken) =>
            OAuth1Messages.ValidateCallback(parameters, requestToken?.Token) is var callback ? (callback.Verifier, callback.Error) : default;

        public override ProviderCall ExchangeCall(string grant, string? redirectUri, string? codeVerifier, OAuth1Token? requestToken, IRandomSource random,
            DateTimeOffset now) =>
            OAuth1Flow.AccessTokenCall(provider, requestToken ?? throw new ArgumentNullException(nameof(requestToken)), grant, OAuth1Flow.NewNonce(random), now.ToUnixTimeSeconds());

        public override (OAuthToken? Token, OAuthError? Error) ReadToken(OAuthHttpResponse response, DateTimeOffset now) =>
            OAuth1Flow.ReadAccessToken(response) is var parsed ? (parsed.Token, parsed.Error) : default;
    }
}
