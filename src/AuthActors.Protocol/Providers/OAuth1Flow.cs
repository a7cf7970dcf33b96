using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// The steps of an OAuth 1.0a login for one provider, as pure functions (nonce and timestamp are
/// arguments). Each <c>*Call</c> signs as its final step, so compliance hooks in a
/// <see cref="ProviderCallPipeline"/> see the request before signing (a change after signing would break it).
/// </summary>
public static class OAuth1Flow
{
    /// <summary>
    /// A fresh <c>oauth_nonce</c>: <see cref="OAuthClient.OAuth1NonceLength"/> characters of <c>[A-Za-z0-9]</c> (~143 bits).
    /// RFC 5849 §3.3 leaves the alphabet to the server; servers built on oauthlib accept only alphanumeric nonces of 20 to 30 characters.
    /// </summary>
    public static string NewNonce(IRandomSource random) => RandomTokens.Alphanumeric(random, OAuthClient.OAuth1NonceLength);

    /// <summary>The temporary-credential call (RFC 5849 §2.1): a POST signed with <c>oauth_callback</c>.</summary>
    public static ProviderCall RequestTokenCall(OAuth1ProviderDefinition provider, string callback, string nonce, long timestamp) =>
        ProviderCall.Plain(ProviderCallKind.RequestToken,
            OAuth1Messages.RequestToken(provider.RequestTokenUrl, provider.ClientCredentials(), callback, nonce, timestamp, provider.RequestTokenParams));

    /// <summary>Reads the temporary credentials; <c>oauth_callback_confirmed=true</c> is required.</summary>
    public static OAuth1TokenResponse ReadRequestToken(OAuthHttpResponse response) =>
        OAuth1Messages.ParseTokenResponse(response, requireCallbackConfirmed: true);

    /// <summary>The URL to send the user to (RFC 5849 §2.2), with the provider's <c>authorize_params</c>.</summary>
    public static string AuthorizeUrl(OAuth1ProviderDefinition provider, string requestToken, IEnumerable<KeyValuePair<string, string>>? extraParameters = null) =>
        OAuth1Messages.AuthorizeUrl(provider.AuthorizeUrl, requestToken, provider.AuthorizeParams.Concat(extraParameters ?? []));

    /// <summary>The token-credential call (RFC 5849 §2.3), signed with the temporary credentials and <c>oauth_verifier</c>.</summary>
    public static ProviderCall AccessTokenCall(OAuth1ProviderDefinition provider, OAuth1Token requestToken, string verifier, string nonce, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(requestToken);
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        var credentials = provider.ClientCredentials() with { Token = requestToken.Token, TokenSecret = requestToken.TokenSecret };
        return new ProviderCall(ProviderCallKind.AccessToken, OAuthHttpRequest.PostForm(provider.AccessTokenUrl, provider.AccessTokenParams),
            r => RequestSigner.Sign(r, credentials, nonce, timestamp, [new(OAuth1Constants.Parameters.Verifier, verifier)]));
    }

    /// <summary>Reads the token credentials (after the response hooks).</summary>
    public static OAuth1TokenResponse ReadAccessToken(OAuthHttpResponse response) =>
        OAuth1Messages.ParseTokenResponse(response, requireCallbackConfirmed: false);

    /// <summary>A protected resource call, signed with the token credentials after the <c>protected_request</c> hooks.</summary>
    public static ProviderCall ProtectedCall(OAuth1ProviderDefinition provider, OAuth1Token token, OAuthHttpRequest request, string nonce, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(token);
        var credentials = provider.ClientCredentials() with { Token = token.Token, TokenSecret = token.TokenSecret };
        return new ProviderCall(ProviderCallKind.Protected, request, r => RequestSigner.Sign(r, credentials, nonce, timestamp));
    }
}
