using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// The steps of an OAuth 2 login for one provider, as pure functions: each request builder applies the
/// provider's parameters, its compliance hooks and then client authentication; each reader applies the
/// response hooks and then the strict parser. The <c>OAuthClient</c> and the engine's token fetchers both
/// compose these with a transport.
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

    /// <summary>The authorization-code token request, hooked (<c>access_token_request</c>) and authenticated.</summary>
    public static OAuthHttpRequest AccessTokenRequest(
        OAuth2ProviderDefinition provider, ComplianceHooks hooks, string code, string? redirectUri, string? codeVerifier, DateTimeOffset now, string jwtId)
    {
        var request = TokenRequests.AuthorizationCode(provider.AccessTokenUrl, code, redirectUri, codeVerifier, provider.AccessTokenParams);
        return Authenticate(provider, hooks.Apply(ComplianceHookPoint.AccessTokenRequest, request), provider.AccessTokenUrl, now, jwtId);
    }

    /// <summary>Reads a token response: <c>access_token_response</c> hooks, then the parser.</summary>
    public static OAuth2TokenResponse AccessTokenResponse(ComplianceHooks hooks, OAuthHttpResponse response, DateTimeOffset now) =>
        TokenResponseParser.Parse(hooks.Apply(ComplianceHookPoint.AccessTokenResponse, response), now);

    /// <summary>The refresh token request (RFC 6749 §6), hooked (<c>refresh_token_request</c>) and authenticated.</summary>
    public static OAuthHttpRequest RefreshTokenRequest(
        OAuth2ProviderDefinition provider, ComplianceHooks hooks, string refreshToken, string? scope, DateTimeOffset now, string jwtId)
    {
        var request = TokenRequests.RefreshToken(provider.AccessTokenUrl, refreshToken, scope);
        return Authenticate(provider, hooks.Apply(ComplianceHookPoint.RefreshTokenRequest, request), provider.AccessTokenUrl, now, jwtId);
    }

    /// <summary>
    /// Reads a refresh response. A response without a new <c>refresh_token</c> keeps
    /// <paramref name="previousRefreshToken"/> (RFC 6749 §6: the server MAY issue a new one).
    /// </summary>
    public static OAuth2TokenResponse RefreshTokenResponse(ComplianceHooks hooks, OAuthHttpResponse response, DateTimeOffset now, string? previousRefreshToken)
    {
        var parsed = TokenResponseParser.Parse(hooks.Apply(ComplianceHookPoint.RefreshTokenResponse, response), now);
        return parsed.Token is { RefreshToken: null } token && previousRefreshToken is not null
            ? parsed with { Token = token with { RefreshToken = previousRefreshToken } }
            : parsed;
    }

    /// <summary>The client credentials token request (RFC 6749 §4.4), hooked as an access token request.</summary>
    public static OAuthHttpRequest ClientCredentialsRequest(OAuth2ProviderDefinition provider, ComplianceHooks hooks, string? scope, DateTimeOffset now, string jwtId)
    {
        var request = TokenRequests.ClientCredentials(provider.AccessTokenUrl, scope ?? provider.Scope, provider.AccessTokenParams);
        return Authenticate(provider, hooks.Apply(ComplianceHookPoint.AccessTokenRequest, request), provider.AccessTokenUrl, now, jwtId);
    }

    /// <summary>The revocation request (RFC 7009), hooked (<c>revoke_token_request</c>) and authenticated.</summary>
    public static OAuthHttpRequest RevokeTokenRequest(OAuth2ProviderDefinition provider, ComplianceHooks hooks, string token, string? tokenTypeHint, DateTimeOffset now, string jwtId)
    {
        var url = provider.RevocationUrl ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no revocation URL.");
        return Authenticate(provider, hooks.Apply(ComplianceHookPoint.RevokeTokenRequest, Revocation.Request(url, token, tokenTypeHint)), url, now, jwtId);
    }

    /// <summary>The introspection request (RFC 7662), hooked (<c>introspect_token_request</c>) and authenticated.</summary>
    public static OAuthHttpRequest IntrospectTokenRequest(OAuth2ProviderDefinition provider, ComplianceHooks hooks, string token, string? tokenTypeHint, DateTimeOffset now, string jwtId)
    {
        var url = provider.IntrospectionUrl ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no introspection URL.");
        return Authenticate(provider, hooks.Apply(ComplianceHookPoint.IntrospectTokenRequest, Introspection.Request(url, token, tokenTypeHint)), url, now, jwtId);
    }

    /// <summary>
    /// A protected resource request: the Bearer token in the Authorization header (RFC 6750 §2.1), then the
    /// <c>protected_request</c> hooks. A token of another type is a typed error.
    /// </summary>
    public static (OAuthHttpRequest? Request, OAuthError? Error) ProtectedRequest(ComplianceHooks hooks, OAuth2Token token, OAuthHttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.IsBearer)
        {
            return (null, new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.UnsupportedTokenType,
                $"Token type '{token.TokenType}' is not supported for API calls; only Bearer is (a compliance fix may map it)."));
        }

        return (hooks.Apply(ComplianceHookPoint.ProtectedRequest, request.WithHeader("Authorization", "Bearer " + token.AccessToken)), null);
    }

    private static OAuthHttpRequest Authenticate(OAuth2ProviderDefinition provider, OAuthHttpRequest request, string endpoint, DateTimeOffset now, string jwtId) =>
        provider.ClientAuthentication().Apply(request, endpoint, now, jwtId);
}
