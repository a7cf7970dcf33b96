using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using AuthActors.AspNetCore;
using AuthActors.Engine.Vault;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>
/// The signed-in user: the user info the engine fetched from the provider's API with the token, and the
/// token's metadata. The token itself is never shown (nor stored in the cookie).
/// </summary>
internal static class ProfilePage
{
    public static Task<IResult> Render(HttpContext context, ITokenVault vault) => RenderAsync(context, vault, apiResult: null);

    /// <summary>
    /// POST /profile/api: calls the provider's user resource through the <c>IHttpClientFactory</c> client of the
    /// user's provider (<see cref="AuthActorsTokenHandler"/>: the vault's token, refreshed when due, retried once
    /// after a 401) and shows the answer. The token never reaches the page.
    /// </summary>
    public static async Task<IResult> CallApi(HttpContext context, ITokenVault vault, IHttpClientFactory clients)
    {
        var provider = context.User.FindFirst(LoginPrincipal.ProviderClaim)?.Value ?? string.Empty;
        string result;
        try
        {
            using var response = await clients.CreateClient(ApiClientName(provider)).GetAsync("user", context.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            result = $"<p id=\"api-status\">HTTP {(int)response.StatusCode}</p><pre id=\"api-body\">{E(body.Length > 2000 ? body[..2000] + "…" : body)}</pre>";
        }
        catch (AuthActorsTokenException ex)
        {
            result = $"<p class=\"error\" id=\"api-error\">No token: {E(ex.Failure.Reason.ToString())}. {E(ex.Failure.Description)}</p>";
        }
        catch (HttpRequestException ex)
        {
            result = $"<p class=\"error\" id=\"api-error\">The API did not answer: {E(ex.Message)}</p>";
        }

        return await RenderAsync(context, vault, result);
    }

    /// <summary>The name of the API client of <paramref name="provider"/> (registered per configured provider).</summary>
    public static string ApiClientName(string provider) => "api-" + provider;

    private static async Task<IResult> RenderAsync(HttpContext context, ITokenVault vault, string? apiResult)
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
            {await GrantSection(context, vault)}
            <form method="post" action="/profile/api"><button type="submit" id="call-api">Call the API</button></form>
            {apiResult}
            <form method="post" action="/signout"><button type="submit">Sign out</button></form>
            """);
    }

    // The vault's grant: what the application can still do with the provider after this login.
    private static async Task<string> GrantSection(HttpContext context, ITokenVault vault)
    {
        var provider = context.User.FindFirst(LoginPrincipal.ProviderClaim)?.Value;
        var subject = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (provider is null || string.IsNullOrEmpty(subject))
        {
            return string.Empty;
        }

        var grant = await vault.GetGrantAsync(provider, subject, context.RequestAborted);
        var refreshedAt = grant.RefreshedAt is { } at ? ", last at " + at.ToString("u", CultureInfo.InvariantCulture) : string.Empty;
        return $"""
            <h2>Grant</h2>
            <table id="grant">
              <tr><th>state</th><td id="grant-status">{E(grant.Status.ToString())}</td></tr>
              <tr><th>expires</th><td id="grant-expires">{E(grant.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "not given")}</td></tr>
              <tr><th>refreshed</th><td id="grant-refreshes">{grant.RefreshCount.ToString(CultureInfo.InvariantCulture)} time(s){E(refreshedAt)}</td></tr>
              <tr><th>scopes</th><td id="grant-scopes">{E(grant.Scope ?? "not given")}</td></tr>
              <tr><th>refreshable</th><td>{(grant.HasRefreshToken ? "yes" : "no")}</td></tr>
            </table>
            """;
    }

    private static string? Item(IDictionary<string, string?> items, string key) => items.TryGetValue(key, out var value) ? value : null;

    private static string ShortType(string type) => type.LastIndexOf('/') is var i and >= 0 ? type[(i + 1)..] : type;
}
