using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Oidc;

/// <summary>What the token endpoint knows when it issues an id_token (OpenID Connect Core §3.1.3.3).</summary>
internal sealed record IdTokenRequest(string Issuer, DevOAuth2Client Client, string Subject, string AccessToken, DateTimeOffset AuthTime, string? Nonce);

/// <summary>The claims of an id_token (OpenID Connect Core §2, §3.1.3.6, §5.1), with a <see cref="DevIdTokenFault"/> applied.</summary>
internal static class IdTokenClaims
{
    /// <summary>The audience the audience faults add or substitute.</summary>
    public const string AnotherClient = "another-client";

    /// <summary>The wrong issuer of <see cref="DevIdTokenFault.WrongIssuer"/> and <see cref="DevIdTokenFault.IssParameterWrong"/>.</summary>
    public static string WrongIssuer(string issuer) => issuer.TrimEnd('/') + "/wrong-issuer";

    /// <summary>§3.1.3.6: base64url of the left-most half of the SHA-256 of the ASCII access token (RS256 and ES256 both hash with SHA-256).</summary>
    public static string AtHash(string accessToken) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)).AsSpan(0, 16).ToArray());

    public static Dictionary<string, object> For(IdTokenRequest request, DevUser user, DateTimeOffset now, TimeSpan lifetime, DevIdTokenFault fault)
    {
        var issuedAt = now;
        var expires = now + lifetime;
        DateTimeOffset? notBefore = null;
        object audience = request.Client.ClientId;
        string? authorizedParty = null;
        var issuer = request.Issuer;
        var nonce = request.Nonce;
        var atHash = AtHash(request.AccessToken);
        switch (fault)
        {
            case DevIdTokenFault.WrongIssuer:
                issuer = WrongIssuer(issuer);
                break;
            case DevIdTokenFault.WrongAudience:
                audience = AnotherClient;
                break;
            case DevIdTokenFault.MultipleAudiencesWithoutAzp:
                audience = new[] { request.Client.ClientId, AnotherClient };
                break;
            case DevIdTokenFault.MultipleAudiencesWithWrongAzp:
                audience = new[] { request.Client.ClientId, AnotherClient };
                authorizedParty = AnotherClient;
                break;
            case DevIdTokenFault.Expired:
                expires = now - TimeSpan.FromMinutes(15);
                issuedAt = expires - lifetime;
                break;
            case DevIdTokenFault.NotYetValid:
                notBefore = now + TimeSpan.FromMinutes(10);
                expires = notBefore.Value + lifetime;   // a consistent window, just not open yet
                break;
            case DevIdTokenFault.NonceWrong:
                nonce = "wrong-" + (nonce ?? "nonce");
                break;
            case DevIdTokenFault.NonceMissing:
                nonce = null;
                break;
            case DevIdTokenFault.AtHashWrong:
                atHash = AtHash(request.AccessToken + "-not-this-one");
                break;
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = issuer,
            ["sub"] = request.Subject,
            ["aud"] = audience,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["auth_time"] = request.AuthTime.ToUnixTimeSeconds(),
            ["at_hash"] = atHash,
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["preferred_username"] = user.Login,
        };
        Add(claims, "nonce", nonce);
        Add(claims, "azp", authorizedParty);
        if (notBefore is { } nbf)
        {
            claims["nbf"] = nbf.ToUnixTimeSeconds();
        }

        return claims;
    }

    private static void Add(Dictionary<string, object> claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }
}
