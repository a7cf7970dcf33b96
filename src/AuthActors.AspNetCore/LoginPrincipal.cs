using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AuthActors.Engine.Flows;
using AuthActors.Protocol.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace AuthActors.AspNetCore;

/// <summary>
/// Turns a completed login into the identity the app signs in: claims from the provider's user info, and
/// token metadata (type, scope, expiry) in the authentication properties. The token itself is never put in
/// the cookie.
/// </summary>
public static class LoginPrincipal
{
    /// <summary>The authentication type of identities built here.</summary>
    public const string AuthenticationType = "AuthActors";

    /// <summary>The claim naming the provider.</summary>
    public const string ProviderClaim = "authactors:provider";

    /// <summary>Item keys of the token metadata in <see cref="AuthenticationProperties.Items"/>.</summary>
    public static class Items
    {
        /// <summary>The provider name.</summary>
        public const string Provider = ".authactors.provider";
        /// <summary>The token type (Bearer, or OAuth 1).</summary>
        public const string TokenType = ".authactors.token_type";
        /// <summary>The granted scope.</summary>
        public const string Scope = ".authactors.scope";
        /// <summary>The expiry, round-trip format.</summary>
        public const string ExpiresAt = ".authactors.expires_at";
    }

    /// <summary>The principal for a completed login.</summary>
    public static ClaimsPrincipal Create(string provider, string displayName, CompleteResult result)
    {
        var identity = new ClaimsIdentity(AuthenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ProviderClaim, provider));
        identity.AddClaim(new Claim("authactors:provider_name", displayName));
        if (result.UserInfo is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    identity.AddClaim(new Claim(ClaimTypeOf(property.Name), property.Value.ToString(), ClaimValueTypes.String, provider));
                }
            }
        }

        if (!identity.HasClaim(c => c.Type == ClaimTypes.NameIdentifier))
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, result.Token switch
            {
                OAuth1Token t when t.Extra.TryGetValue("user_id", out var id) => id,
                _ => result.AttemptId,
            }, ClaimValueTypes.String, provider));
        }

        if (!identity.HasClaim(c => c.Type == ClaimTypes.Name))
        {
            identity.AddClaim(new Claim(ClaimTypes.Name, identity.FindFirst("login")?.Value ?? identity.FindFirst(ClaimTypes.NameIdentifier)!.Value));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>Authentication properties carrying the token metadata and the redirect.</summary>
    public static AuthenticationProperties Properties(CompleteResult result, string redirectUri)
    {
        var properties = new AuthenticationProperties { RedirectUri = redirectUri, IsPersistent = false };
        switch (result.Token)
        {
            case OAuth2Token t:
                properties.Items[Items.TokenType] = t.TokenType;
                properties.Items[Items.Scope] = t.Scope;
                properties.Items[Items.ExpiresAt] = t.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture);
                break;
            case OAuth1Token:
                properties.Items[Items.TokenType] = "OAuth 1.0a token credentials";
                break;
        }

        return properties;
    }

    private static string ClaimTypeOf(string name) => name switch
    {
        "sub" or "id" => ClaimTypes.NameIdentifier,
        "name" => ClaimTypes.Name,
        "email" => ClaimTypes.Email,
        _ => name,
    };
}
