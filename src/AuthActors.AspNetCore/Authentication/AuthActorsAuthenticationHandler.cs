using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.AspNetCore.Authentication;

/// <summary>
/// The challenge side of AuthActors: a challenge (for example from <c>[Authorize]</c>) redirects to the login
/// endpoint of the chosen provider, with the current URL as the (local) return URL. Authentication itself is
/// the sign-in scheme's job (usually cookies), which the callback endpoint signs into.
/// </summary>
internal sealed class AuthActorsAuthenticationHandler(
    IOptionsMonitor<AuthActorsAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthActorsAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var returnUrl = ReturnUrls.LocalOr(properties.RedirectUri, OriginalPathBase + OriginalPath + Request.QueryString);
        var provider = properties.Items.TryGetValue(AuthActorsAuthenticationDefaults.ProviderKey, out var chosen) && chosen is not null ? chosen : Options.DefaultProvider;
        var target = provider is null
            ? Request.PathBase + Options.ChooserPath
            : Request.PathBase + Options.LoginPattern.Replace("{provider}", Uri.EscapeDataString(provider), StringComparison.Ordinal);
        Response.Redirect(QueryHelpers.AddQueryString(target, "returnUrl", returnUrl));
        return Task.CompletedTask;
    }
}
