using System.Security.Claims;
using AuthActors.AspNetCore;
using AuthActors.Engine.Flows;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>A sign-in button for every configured provider; who is signed in.</summary>
internal static class HomePage
{
    public static IResult Render(HttpContext context, IAuthFlows flows, string? returnUrl)
    {
        var target = ReturnUrls.LocalOr(returnUrl, "/profile");
        var buttons = string.Join("\n", flows.Providers.Select(p =>
            $"""<a class="button" data-provider="{E(p.Name)}" href="/login/{Uri.EscapeDataString(p.Name)}?returnUrl={Uri.EscapeDataString(target)}">Sign in with {E(p.DisplayName)}</a>"""));
        var user = context.User.Identity?.IsAuthenticated == true
            ? $"""
              <p id="signed-in">Signed in as <strong>{E(context.User.Identity.Name)}</strong> with {E(context.User.FindFirstValue("authactors:provider_name"))}.
              <a href="/profile">Your profile</a></p>
              <form method="post" action="/signout"><button type="submit">Sign out</button></form>
              """
            : """<p id="signed-out">You are not signed in.</p>""";
        return Page("Sign in", $"""
            <h1>Sign in</h1>
            {user}
            <h2>Providers</h2>
            <p>{(flows.Providers.Count == 0 ? "No provider is configured." : buttons)}</p>
            <p class="muted">Each sign-in is a persistent actor: it survives a restart of this server and can finish on any node.</p>
            """);
    }
}
