using System.Text.Json;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Identity;

/// <summary>
/// Establishes who signed in, from what the provider said and nothing else. No subject, no identity: the
/// result is then a typed failure, never a random or made-up id.
/// </summary>
public static class IdentityResolver
{
    /// <summary>
    /// The identity of a login.
    /// <list type="bullet">
    /// <item>OpenID Connect (<paramref name="idToken"/> given): it must be valid; issuer and subject are its
    /// <c>iss</c> and <c>sub</c>. User info, when fetched, must carry the same <c>sub</c> (Core §5.3.2); when
    /// the call failed (<paramref name="userInfo"/> <c>null</c>) the id_token alone identifies the user.</item>
    /// <item>Plain OAuth: the subject is the claim map's <c>sub</c> path in the user info, or, for OAuth 1 without
    /// user info, in the token response (X's <c>user_id</c>).</item>
    /// </list>
    /// </summary>
    /// <param name="provider">The provider (its name, claim map, issuer).</param>
    /// <param name="token">The token the login obtained.</param>
    /// <param name="idToken">The id_token's validation, for OpenID Connect; <c>null</c> otherwise.</param>
    /// <param name="userInfo">The user info object, or <c>null</c> when there is none or the call failed.</param>
    public static IdentityResult Resolve(ProviderDefinition provider, OAuthToken token, IdTokenValidationResult? idToken, JsonElement? userInfo)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(token);
        var claims = MappedClaims(provider, userInfo);
        var userInfoJson = userInfo?.GetRawText();
        if (idToken is not null)
        {
            if (!idToken.IsValid)
            {
                return IdentityResult.Fail(IdentityError.IdTokenInvalid, idToken.Description ?? idToken.Error.ToString()) with { IdTokenError = idToken.Error };
            }

            if (userInfo is { } info && !string.Equals(ClaimPaths.Read(info, "sub"), idToken.Subject, StringComparison.Ordinal))
            {
                return IdentityResult.Fail(IdentityError.SubjectMismatch, "The user info's sub is missing or is not the id_token's (OpenID Connect Core §5.3.2).")
                    with { IdTokenError = IdTokenError.UserInfoSubjectMismatch };
            }

            foreach (var claim in idToken.Claims.Where(c => ClaimPaths.Standard.Contains(c.Key) && claims.All(m => m.Key != c.Key)))
            {
                claims.Add(claim);
            }

            return Success(new LoginIdentity(provider.Name, idToken.Issuer!, idToken.Subject!)
            {
                FromIdToken = true, IdTokenClaims = idToken.Claims, Claims = claims, UserInfo = userInfoJson,
            });
        }

        var subjectPath = SubjectPath(provider);
        var subject = userInfo is { } root ? ClaimPaths.Read(root, subjectPath) : null;
        if (subject is null && userInfo is null && token is OAuth1Token oauth1 && FromExtra(oauth1, subjectPath) is { } fromToken)
        {
            subject = fromToken;
            claims.Add(new("sub", subject));
            foreach (var (claim, path) in provider.ClaimMap.Where(m => m.Key != "sub"))
            {
                if (FromExtra(oauth1, path) is { } value)
                {
                    claims.Add(new(claim, value));
                }
            }
        }

        if (subject is null)
        {
            return IdentityResult.Fail(IdentityError.SubjectUnavailable, userInfo is null
                ? "The user info could not be fetched, so the user cannot be identified."
                : $"The user info has no subject at '{subjectPath}'.");
        }

        return Success(new LoginIdentity(provider.Name, IssuerOf(provider), subject) { Claims = claims, UserInfo = userInfoJson });
    }

    /// <summary>The path of the subject in <paramref name="provider"/>'s user info: its claim map's <c>sub</c>, else <c>sub</c>.</summary>
    public static string SubjectPath(ProviderDefinition provider) =>
        provider.ClaimMap.TryGetValue("sub", out var path) ? path : "sub";

    private static string? FromExtra(OAuth1Token token, string path) =>
        ClaimPaths.Alternatives(path).Select(p => token.Extra.TryGetValue(p, out var value) && value.Length > 0 ? value : null).FirstOrDefault(v => v is not null);

    private static string IssuerOf(ProviderDefinition provider) =>
        (provider as OAuth2ProviderDefinition)?.Issuer is { Length: > 0 } issuer
            ? issuer
            : Uri.TryCreate(provider.AccessTokenUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : provider.Name;

    private static List<KeyValuePair<string, string>> MappedClaims(ProviderDefinition provider, JsonElement? userInfo)
    {
        var claims = new List<KeyValuePair<string, string>>();
        if (userInfo is not { ValueKind: JsonValueKind.Object } root)
        {
            return claims;
        }

        for (var i = 0; i < ClaimPaths.Standard.Count; i++)
        {
            var name = ClaimPaths.Standard[i];
            if (ClaimPaths.Read(root, PathOf(provider, name)) is { } value)
            {
                claims.Add(new(name, value));
            }
        }

        foreach (var member in root.EnumerateObject())
        {
            if (member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                && !IsMapped(provider, member.Name))
            {
                claims.Add(new(member.Name, member.Value.ToString()));
            }
        }

        return claims;
    }

    private static string PathOf(ProviderDefinition provider, string claim) =>
        provider.ClaimMap.TryGetValue(claim, out var path) ? path : claim;

    // A member that a standard claim's path reads, or that bears a standard claim's name, is already among the claims.
    private static bool IsMapped(ProviderDefinition provider, string member)
    {
        for (var i = 0; i < ClaimPaths.Standard.Count; i++)
        {
            var name = ClaimPaths.Standard[i];
            if (member == name || ClaimPaths.IsAlternative(PathOf(provider, name), member))
            {
                return true;
            }
        }

        return false;
    }

    private static IdentityResult Success(LoginIdentity identity) => new(identity, IdentityError.None, null);
}
