using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Client;

/// <summary>
/// What <see cref="OAuthClient.GenerateAuthorizeRedirectAsync"/> returns: deconstructs to the seed's
/// <c>(url, state)</c>; state is <c>null</c> for OAuth 1. Also carries what the caller must keep for the
/// callback. Its <see cref="object.ToString"/> prints only the URL.
/// </summary>
/// <param name="Url">The URL to redirect the user agent to.</param>
/// <param name="State">The OAuth 2 <c>state</c>; <c>null</c> for OAuth 1.</param>
public sealed record AuthorizeRedirect(string Url, string? State)
{
    /// <summary>The PKCE verifier to send with the code (OAuth 2), if PKCE is on.</summary>
    public string? CodeVerifier { get; init; }

    /// <summary>The OpenID Connect nonce (OAuth 2 with the <c>openid</c> scope).</summary>
    public string? Nonce { get; init; }

    /// <summary>The temporary credentials (OAuth 1).</summary>
    public OAuth1Token? RequestToken { get; init; }

    /// <summary>The seed's tuple: <c>var (url, state) = await client.GenerateAuthorizeRedirectAsync(...)</c>.</summary>
    public void Deconstruct(out string url, out string? state)
    {
        url = Url;
        state = State;
    }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Url = ").Append(Url);
        return true;
    }
}
