using AuthActors.DevProvider.OAuth2;

namespace AuthActors.DevProvider.Oidc;

/// <summary>Adds an id_token to a token response when the grant's scope has <c>openid</c> (OpenID Connect Core §3.1.3.3, §12.2).</summary>
internal static class IdTokens
{
    public const string OpenIdScope = "openid";

    /// <summary>The <c>alg</c> values a client may choose for its id_tokens.</summary>
    public static readonly string[] Algorithms = [SigningKey.RS256, SigningKey.ES256];

    public static bool Requested(string? grantScope) => Scopes.Split(grantScope).Contains(OpenIdScope, StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="tokens"/> with an id_token for <paramref name="subject"/> when <paramref name="grantScope"/> has
    /// <c>openid</c>, signed with the client's algorithm and bent by the client's <see cref="DevClientKnobs.IdTokenFault"/>.
    /// </summary>
    public static IssuedTokens Attach(DevProviderState state, IssuedTokens tokens, string issuer, DevOAuth2Client client, string? grantScope,
        string subject, DateTimeOffset authTime, string? nonce)
    {
        if (!Requested(grantScope))
        {
            return tokens;
        }

        var fault = state.Knobs.Get(client.ClientId)?.IdTokenFault ?? DevIdTokenFault.None;
        var request = new IdTokenRequest(issuer, client, subject, tokens.AccessToken, authTime, nonce);
        var claims = IdTokenClaims.For(request, state.Options.User, state.Now, state.Options.IdTokenLifetime, fault);
        return tokens with { IdToken = IdTokenSigner.Sign(claims, client.IdTokenSigningAlgorithm, state.SigningKeys, fault) };
    }
}
