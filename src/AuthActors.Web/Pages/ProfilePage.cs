using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using AuthActors.AspNetCore;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>
/// The signed-in user: the user info the engine fetched from the provider's API with the token, and the
/// token's metadata. The token itself is never shown (nor stored in the cookie).
/// </summary>
internal static class ProfilePage
{
    public static async Task<IResult> Render(HttpContext context)
    {
        var auth = await context.AuthenticateAsync();
        IDictionary<string, string?> items = auth.Properties?.Items ?? new Dictionary<string, string?>();
        var claims = string.Join("\n", context.User.Claims
            .Where(c => !c.Type.StartsWith("authactors:", StringComparison.Ordinal) && !c.Type.StartsWith(LoginPrincipal.IdTokenClaimPrefix, StringComparison.Ordinal))
            .Select(c => $"<tr><th>{E(ShortType(c.Type))}</th><td>{E(c.Value)}</td></tr>"));
        var idTokenClaims = context.User.Claims.Where(c => c.Type.StartsWith(LoginPrincipal.IdTokenClaimPrefix, StringComparison.Ordinal)).ToList();
        var idToken = idTokenClaims.Count == 0
            ? "<p class=\"muted\" id=\"no-id-token\">This provider is not OpenID Connect: the identity comes from its user info.</p>"
            : "<table id=\"id-token\">" + string.Join("\n", idTokenClaims.Select(c =>
                $"<tr><th>{E(c.Type[LoginPrincipal.IdTokenClaimPrefix.Length..])}</th><td>{E(c.Value)}</td></tr>")) + "</table>";
        var expires = Item(items, LoginPrincipal.Items.ExpiresAt) is { } raw && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.ToString("u", CultureInfo.InvariantCulture)
            : "not given";
        return Page("Profile", $"""
            <h1 id="profile">Hello, {E(context.User.Identity?.Name)}</h1>
            <p>Signed in with <strong id="provider">{E(context.User.FindFirst("authactors:provider_name")?.Value)}</strong>
              as <code id="subject">{E(context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value)}</code>
              at <code id="issuer">{E(context.User.FindFirst(LoginPrincipal.IssuerClaim)?.Value)}</code>.</p>
            <h2>Claims</h2>
            <table id="claims">{claims}</table>
            <h2>Validated id_token</h2>
            <p class="muted">Signature checked against the provider's JWKS; iss, aud, azp, exp, iat, nbf, nonce and at_hash checked (OpenID Connect Core §3.1.3.7).</p>
            {idToken}
            <h2>Token</h2>
            <table id="token">
              <tr><th>type</th><td>{E(Item(items, LoginPrincipal.Items.TokenType) ?? "unknown")}</td></tr>
              <tr><th>scopes</th><td>{E(Item(items, LoginPrincipal.Items.Scope) ?? "not given")}</td></tr>
              <tr><th>expires</th><td>{E(expires)}</td></tr>
            </table>
            <p class="muted">The token itself is never sent to your browser; this page shows only what it is.</p>
            <form method="post" action="/signout"><button type="submit">Sign out</button></form>
            """);
    }

    private static string? Item(IDictionary<string, string?> items, string key) => items.TryGetValue(key, out var value) ? value : null;

    private static string ShortType(string type) => type.LastIndexOf('/') is var i and >= 0 ? type[(i + 1)..] : type;
}
