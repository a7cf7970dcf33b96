using AuthActors.Protocol.Http;
using G = AuthActors.Protocol.OAuth2.OAuth2Constants.GrantTypes;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>
/// Token endpoint requests (RFC 6749 §4.1.3, §6, §4.4) as unsent form POSTs, before client
/// authentication (<see cref="ClientAuthentication.Apply"/>) and before compliance hooks.
/// </summary>
public static class TokenRequests
{
    /// <summary>The authorization code grant (§4.1.3), with the PKCE <c>code_verifier</c> when there is one.</summary>
    public static OAuthHttpRequest AuthorizationCode(
        string tokenUrl,
        string code,
        string? redirectUri,
        string? codeVerifier,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var form = new List<KeyValuePair<string, string>> { new(T.GrantType, G.AuthorizationCode), new(T.Code, code) };
        AddIfSet(form, T.RedirectUri, redirectUri);
        AddIfSet(form, T.CodeVerifier, codeVerifier);
        form.AddRange(extraParameters ?? []);
        return OAuthHttpRequest.PostForm(tokenUrl, form).WithHeader("Accept", "application/json");
    }

    /// <summary>The refresh token grant (§6).</summary>
    public static OAuthHttpRequest RefreshToken(string tokenUrl, string refreshToken, string? scope = null,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var form = new List<KeyValuePair<string, string>> { new(T.GrantType, G.RefreshToken), new(T.RefreshToken, refreshToken) };
        AddIfSet(form, T.Scope, scope);
        form.AddRange(extraParameters ?? []);
        return OAuthHttpRequest.PostForm(tokenUrl, form).WithHeader("Accept", "application/json");
    }

    /// <summary>The client credentials grant (§4.4).</summary>
    public static OAuthHttpRequest ClientCredentials(string tokenUrl, string? scope = null,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        var form = new List<KeyValuePair<string, string>> { new(T.GrantType, G.ClientCredentials) };
        AddIfSet(form, T.Scope, scope);
        form.AddRange(extraParameters ?? []);
        return OAuthHttpRequest.PostForm(tokenUrl, form).WithHeader("Accept", "application/json");
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> form, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            form.Add(new(name, value));
        }
    }
}
