using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7636;

namespace AuthActors.Protocol.OAuth2;

/// <summary>
/// What begins an OAuth 2 authorization: the URL to redirect to and the values the client must keep for
/// the callback. Never log it: <see cref="CodeVerifier"/> and <see cref="Nonce"/> are secrets.
/// </summary>
/// <param name="Url">The authorization URL.</param>
/// <param name="State">The <c>state</c>, at least 128 random bits, URL-safe.</param>
/// <param name="CodeVerifier">The PKCE verifier, or <c>null</c> when PKCE is off.</param>
/// <param name="Nonce">The OpenID Connect nonce, or <c>null</c> when the scope lacks <c>openid</c>.</param>
public sealed record AuthorizationStart(string Url, string State, string? CodeVerifier, string? Nonce)
{
    /// <summary>
    /// Generates state, PKCE verifier and nonce from <paramref name="random"/> and builds the URL.
    /// PKCE uses <c>S256</c> unless <paramref name="codeChallengeMethod"/> is <c>plain</c>, or is off when it
    /// is <c>null</c>. A nonce is added when the scope contains <c>openid</c>.
    /// </summary>
    /// <param name="request">The request without state, PKCE or nonce; <c>State</c> is used when already set.</param>
    /// <param name="random">The random source.</param>
    /// <param name="codeChallengeMethod"><c>S256</c> (default), <c>plain</c>, or <c>null</c> for no PKCE.</param>
    public static AuthorizationStart Create(AuthorizationRequest request, IRandomSource random, string? codeChallengeMethod = OAuth2Constants.CodeChallengeMethods.S256)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = request.State ?? RandomTokens.UrlSafe(random, 32);
        string? verifier = null;
        string? challenge = null;
        if (codeChallengeMethod is not null)
        {
            verifier = Pkce.CreateVerifier(random);
            challenge = codeChallengeMethod switch
            {
                OAuth2Constants.CodeChallengeMethods.S256 => Pkce.S256Challenge(verifier),
                OAuth2Constants.CodeChallengeMethods.Plain => verifier,
                _ => throw new ArgumentException($"Unknown code_challenge_method '{codeChallengeMethod}' (use S256 or plain).", nameof(codeChallengeMethod)),
            };
        }

        var nonce = HasOpenIdScope(request.Scope) ? request.Nonce ?? RandomTokens.UrlSafe(random, 16) : request.Nonce;
        var url = (request with
        {
            State = state,
            CodeChallenge = challenge,
            CodeChallengeMethod = challenge is null ? null : codeChallengeMethod,
            Nonce = nonce,
        }).ToUrl();
        return new AuthorizationStart(url, state, verifier, nonce);
    }

    /// <summary>True when the space-delimited <paramref name="scope"/> contains <c>openid</c>.</summary>
    public static bool HasOpenIdScope(string? scope) =>
        scope is not null && scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(OAuth2Constants.OpenIdScope);

    /// <summary>Never prints the verifier or the nonce.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Url = ").Append(Url);
        return true;
    }
}
