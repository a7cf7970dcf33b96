using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Providers;

/// <summary>API calls with a token, for either protocol: signed (OAuth 1) or with the Bearer token (OAuth 2).</summary>
public static class ProtectedCalls
{
    /// <summary>
    /// The call for <paramref name="request"/> with <paramref name="token"/>: OAuth 1 signs it with the token
    /// credentials (after the <c>protected_request</c> hooks), OAuth 2 sends the Bearer token. A token that does
    /// not fit the provider (an OAuth 1 token for an OAuth 2 provider, a non-Bearer type) is a typed error.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="token">The token.</param>
    /// <param name="request">The request, its URL already absolute.</param>
    /// <param name="nonce">The OAuth 1 nonce (unused for OAuth 2).</param>
    /// <param name="timestamp">The OAuth 1 timestamp (unused for OAuth 2).</param>
    public static ProtectedCallResult For(ProviderDefinition provider, OAuthToken token, OAuthHttpRequest request, string nonce, long timestamp) =>
        (provider, token) switch
        {
            (OAuth1ProviderDefinition oauth1, OAuth1Token t1) => ProtectedCallResult.Of(OAuth1Flow.ProtectedCall(oauth1, t1, request, nonce, timestamp)),
            (OAuth2ProviderDefinition, OAuth2Token t2) => OAuth2Flow.ProtectedCall(t2, request),
            _ => ProtectedCallResult.Fail(OAuthErrorCodes.UnsupportedTokenType,
                $"A {token.GetType().Name} cannot sign requests to an OAuth {provider.OAuthVersion} provider."),
        };
}
