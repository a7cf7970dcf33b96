using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// The steps of an OAuth 2 login for one provider, as pure functions. Each <c>*Call</c> builds a
/// <see cref="ProviderCall"/> (the request with the provider's parameters; client authentication as its
/// final step) for a <see cref="ProviderCallPipeline"/>, which runs the compliance hooks around it. Each
/// <c>Read*</c> parses what came back. The <c>*Request</c>/<c>*Response</c> forms apply the hooks
/// themselves, for callers without a pipeline.
/// </summary>
public static class OAuth2Flow
{
    /// <summary>Generates state, PKCE verifier and nonce and builds the authorization URL.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="redirectUri">The callback URL registered with the provider.</param>
    /// <param name="random">The random source.</param>
    /// <param name="extraParameters">Per-call parameters, after the provider's <c>authorize_params</c>.</param>
    /// <param name="state">A state chosen by the caller (for example an attempt id), or <c>null</c> to generate one.</param>
    public static AuthorizationStart Begin(
        OAuth2ProviderDefinition provider,
        string? redirectUri,
        IRandomSource random,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null,
        string? state = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var extra = provider.AuthorizeParams.Concat(extraParameters ?? []).ToList();
        if (provider.ResponseMode is not null)
        {
            extra.Add(new(OAuth2Constants.AuthorizeRequest.ResponseMode, provider.ResponseMode));
        }

        var request = new AuthorizationRequest(provider.AuthorizeUrl, provider.ClientId)
        {
            RedirectUri = redirectUri,
            Scope = provider.Scope,
            State = state,
            ExtraParameters = extra,
        };
        return AuthorizationStart.Create(request, random, provider.CodeChallengeMethod);
    }

    /// <summary>Checks the callback: state, issuer (RFC 9207), denial, code.</summary>
    public static AuthorizationCallback ValidateCallback(OAuth2ProviderDefinition provider, IEnumerable<KeyValuePair<string, string>> parameters, string? expectedState) =>
        AuthorizationCallback.Validate(parameters, expectedState, provider.Issuer, provider.RequireIssuer);

    /// <summary>The authorization-code token call (RFC 6749 §4.1.3, RFC 7636 §4.5).</summary>
    public static ProviderCall AccessTokenCall(
        OAuth2ProviderDefinition provider, string code, string? redirectUri, string? codeVerifier, DateTimeOffset now, string jwtId) =>
        Authenticated(provider, ProviderCallKind.AccessToken,
            TokenRequests.AuthorizationCode(provider.AccessTokenUrl, code, redirectUri, codeVerifier, provider.AccessTokenParams),
            provider.AccessTokenUrl, now, jwtId);

    /// <summary>The refresh call (RFC 6749 §6).</summary>
    public static ProviderCall RefreshTokenCall(OAuth2ProviderDefinition provider, string refreshToken, string? scope, DateTimeOffset now, string jwtId) =>
        Authenticated(provider, ProviderCallKind.RefreshToken,
            TokenRequests.RefreshToken(provider.AccessTokenUrl, refreshToken, scope), provider.AccessTokenUrl, now, jwtId);

    /// <summary>The client credentials call (RFC 6749 §4.4), hooked as an access token call.</summary>
    public static ProviderCall ClientCredentialsCall(OAuth2ProviderDefinition provider, string? scope, DateTimeOffset now, string jwtId) =>
        Authenticated(provider, ProviderCallKind.AccessToken,
            TokenRequests.ClientCredentials(provider.AccessTokenUrl, scope ?? provider.Scope, provider.AccessTokenParams),
            provider.AccessTokenUrl, now, jwtId);

    /// <summary>The revocation call (RFC 7009).</summary>
    public static ProviderCall RevokeTokenCall(OAuth2ProviderDefinition provider, string token, string? tokenTypeHint, DateTimeOffset now, string jwtId)
    {
        var url = provider.RevocationUrl ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no revocation URL.");
        return Authenticated(provider, ProviderCallKind.Revoke, Revocation.Request(url, token, tokenTypeHint), url, now, jwtId);
    }

    /// <summary>The introspection call (RFC 7662).</summary>
    public static ProviderCall IntrospectTokenCall(OAuth2ProviderDefinition provider, string token, string? tokenTypeHint, DateTimeOffset now, string jwtId)
    {
        var url = provider.IntrospectionUrl ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no introspection URL.");
        return Authenticated(provider, ProviderCallKind.Introspect, Introspection.Request(url, token, tokenTypeHint), url, now, jwtId);
    }

    /// <summary>
    /// A protected resource call: the Bearer token in the Authorization header (RFC 6750 §2.1), then the
    /// <c>protected_request</c> hooks (which may move it, for example to the query). A token of another type
    /// is a typed error.
    /// </summary>
    public static ProtectedCallResult ProtectedCall(OAuth2Token token, OAuthHttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(request);
        if (!token.IsBearer)
        {
            return ProtectedCallResult.Fail(OAuthErrorCodes.UnsupportedTokenType,
                $"Token type '{token.TokenType}' is not supported for API calls; only Bearer is (a compliance fix may map it).");
        }

        return ProtectedCallResult.Of(ProviderCall.Plain(ProviderCallKind.Protected, request.WithHeader("Authorization", "Bearer " + token.AccessToken)));
    }

    /// <summary>Parses an access token response that has been through the response hooks.</summary>
    public static OAuth2TokenResponse ReadAccessToken(OAuthHttpResponse response, DateTimeOffset now) => TokenResponseParser.Parse(response, now);

    /// <summary>
    /// Parses a refresh response. A response without a new <c>refresh_token</c> keeps
    /// <paramref name="previousRefreshToken"/> (RFC 6749 §6: the server MAY issue a new one).
    /// </summary>
    public static OAuth2TokenResponse ReadRefreshedToken(OAuthHttpResponse response, DateTimeOffset now, string? previousRefreshToken)
    {
        var parsed = TokenResponseParser.Parse(response, now);
        return parsed.Token is { RefreshToken: null } token && previousRefreshToken is not null
            ? parsed with { Token = token with { RefreshToken = previousRefreshToken } }
            : parsed;
    }

    /// <summary>The authorization-code request as sent: hooks, then client authentication.</summary>
    public static OAuthHttpRequest AccessTokenRequest(
        OAuth2ProviderDefinition provider, ComplianceHooks hooks, string code, string? redirectUri, string? codeVerifier, DateTimeOffset now, string jwtId) =>
        AccessTokenCall(provider, code, redirectUri, codeVerifier, now, jwtId).Prepare(hooks);

    /// <summary>Reads a token response: <c>access_token_response</c> hooks, then the parser.</summary>
    public static OAuth2TokenResponse AccessTokenResponse(ComplianceHooks hooks, OAuthHttpResponse response, DateTimeOffset now) =>
        ReadAccessToken(hooks.Apply(ComplianceHookPoint.AccessTokenResponse, response), now);

    private static ProviderCall Authenticated(OAuth2ProviderDefinition provider, ProviderCallKind kind, OAuthHttpRequest request, string endpoint, DateTimeOffset now, string jwtId)
    {
        var auth = provider.ClientAuthentication();
        return new ProviderCall(kind, request, r => auth.Apply(r, endpoint, now, jwtId));
    }
}
