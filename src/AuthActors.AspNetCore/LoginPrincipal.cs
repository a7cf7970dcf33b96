using System.Globalization;
using System.Security.Claims;
using AuthActors.Engine.Flows;
using AuthActors.Protocol.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace AuthActors.AspNetCore;

/// <summary>
/// Turns a completed login into the identity the app signs in: the engine's validated identity (issuer and
/// subject as <see cref="ClaimTypes.NameIdentifier"/>, never made up), its claims, and token metadata (type,
/// scope, expiry) in the authentication properties. The token itself is never put in the cookie.
/// </summary>
public static class LoginPrincipal
{
    /// <summary>The authentication type of identities built here.</summary>
    public const string AuthenticationType = "AuthActors";

    /// <summary>The claim naming the provider.</summary>
    public const string ProviderClaim = "authactors:provider";

    /// <summary>The claim holding the identity's issuer.</summary>
    public const string IssuerClaim = "authactors:issuer";

    /// <summary>The prefix of claims copied from the validated id_token (for example <c>id_token:nonce</c>).</summary>
    public const string IdTokenClaimPrefix = "id_token:";

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
    /// <exception cref="InvalidOperationException">The result carries no identity (the engine never completes without one).</exception>
    public static ClaimsPrincipal Create(string provider, string displayName, CompleteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var login = result.Identity ?? throw new InvalidOperationException("A completed login without an identity cannot sign in.");
        var identity = new ClaimsIdentity(AuthenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ProviderClaim, provider));
        identity.AddClaim(new Claim("authactors:provider_name", displayName));
        identity.AddClaim(new Claim(IssuerClaim, login.Issuer));
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, login.Subject, ClaimValueTypes.String, login.Issuer));
        foreach (var (name, value) in login.Claims.Where(c => c.Key != "sub"))
        {
            identity.AddClaim(new Claim(ClaimTypeOf(name), value, ClaimValueTypes.String, login.Issuer));
        }

        foreach (var (name, value) in login.IdTokenClaims)
        {
            identity.AddClaim(new Claim(IdTokenClaimPrefix + name, value, ClaimValueTypes.String, login.Issuer));
        }

        if (!identity.HasClaim(c => c.Type == ClaimTypes.Name))
        {
            identity.AddClaim(new Claim(ClaimTypes.Name, login.Claim("preferred_username") ?? login.Claim("login") ?? login.Subject));
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
        "name" => ClaimTypes.Name,
        "email" => ClaimTypes.Email,
        _ => name,
    };
}
