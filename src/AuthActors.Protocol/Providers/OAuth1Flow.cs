using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// The steps of an OAuth 1.0a login for one provider, as pure functions (nonce and timestamp are
/// arguments). Compliance hooks see requests before signing, because a change after signing would
/// invalidate the signature.
/// </summary>
public static class OAuth1Flow
{
    /// <summary>The signed temporary-credential request (RFC 5849 §2.1).</summary>
    public static OAuthHttpRequest RequestTokenRequest(OAuth1ProviderDefinition provider, string callback, string nonce, long timestamp) =>
        OAuth1Messages.RequestToken(provider.RequestTokenUrl, provider.ClientCredentials(), callback, nonce, timestamp, provider.RequestTokenParams);

    /// <summary>Reads the temporary credentials; <c>oauth_callback_confirmed=true</c> is required.</summary>
    public static OAuth1TokenResponse RequestTokenResponse(OAuthHttpResponse response) =>
        OAuth1Messages.ParseTokenResponse(response, requireCallbackConfirmed: true);

    /// <summary>The URL to send the user to (RFC 5849 §2.2), with the provider's <c>authorize_params</c>.</summary>
    public static string AuthorizeUrl(OAuth1ProviderDefinition provider, string requestToken, IEnumerable<KeyValuePair<string, string>>? extraParameters = null) =>
        OAuth1Messages.AuthorizeUrl(provider.AuthorizeUrl, requestToken, provider.AuthorizeParams.Concat(extraParameters ?? []));

    /// <summary>The signed token-credential request (RFC 5849 §2.3), hooked (<c>access_token_request</c>) before signing.</summary>
    public static OAuthHttpRequest AccessTokenRequest(
        OAuth1ProviderDefinition provider, ComplianceHooks hooks, OAuth1Token requestToken, string verifier, string nonce, long timestamp) =>
        OAuth1Messages.AccessToken(provider.AccessTokenUrl, provider.ClientCredentials(), requestToken, verifier, nonce, timestamp,
            provider.AccessTokenParams, r => hooks.Apply(ComplianceHookPoint.AccessTokenRequest, r));

    /// <summary>Reads the token credentials: <c>access_token_response</c> hooks, then the parser.</summary>
    public static OAuth1TokenResponse AccessTokenResponse(ComplianceHooks hooks, OAuthHttpResponse response) =>
        OAuth1Messages.ParseTokenResponse(hooks.Apply(ComplianceHookPoint.AccessTokenResponse, response), requireCallbackConfirmed: false);

    /// <summary>A protected resource request: <c>protected_request</c> hooks, then signed with the token credentials.</summary>
    public static OAuthHttpRequest ProtectedRequest(
        OAuth1ProviderDefinition provider, ComplianceHooks hooks, OAuth1Token token, OAuthHttpRequest request, string nonce, long timestamp)
    {
        var credentials = provider.ClientCredentials() with { Token = token.Token, TokenSecret = token.TokenSecret };
        return RequestSigner.Sign(hooks.Apply(ComplianceHookPoint.ProtectedRequest, request), credentials, nonce, timestamp);
    }
}
