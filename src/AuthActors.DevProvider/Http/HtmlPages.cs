using System.Net;
using System.Text;

namespace AuthActors.DevProvider.Http;

/// <summary>The provider's HTML pages: errors, consent, <c>form_post</c> and the out-of-band verifier. Every value is HTML-encoded.</summary>
internal static class HtmlPages
{
    public static string Error(string title, string message) =>
        Page(title, $"<h1>{E(title)}</h1><p>{E(message)}</p>");

    public static string Unavailable() =>
        Page("Service Unavailable", "<h1>503 Service Unavailable</h1><p>The dev provider injected this failure (knob or X-Dev-Fail).</p>");

    public static string InternalError() =>
        Page("Internal Server Error", "<h1>500 Internal Server Error</h1><p>Something went wrong (DevQuirk.HtmlErrorPage).</p>");

    /// <summary>A page with Approve and Deny buttons posting <c>consent_id</c> and <c>decision</c> to <paramref name="action"/>.</summary>
    public static string Consent(string action, string consentId, string clientName, string? scope, string userLogin) =>
        Page("Authorize " + clientName,
            $"<h1>Authorize {E(clientName)}</h1>" +
            $"<p>Signed in as <b>{E(userLogin)}</b>. <b>{E(clientName)}</b> asks for access" +
            (string.IsNullOrEmpty(scope) ? "." : $" to: <code>{E(scope)}</code>.") + "</p>" +
            $"<form method=\"post\" action=\"{E(action)}\">" +
            $"<input type=\"hidden\" name=\"consent_id\" value=\"{E(consentId)}\">" +
            "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button> " +
            "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>" +
            "</form>");

    /// <summary>
    /// The OAuth 2.0 Form Post Response Mode page: an auto-submitting form that POSTs
    /// <paramref name="fields"/> to <paramref name="action"/>, with a button for user agents without script.
    /// </summary>
    public static string FormPost(string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var inputs = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            inputs.Append($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        }

        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Submit This Form</title></head>" +
               "<body onload=\"javascript:document.forms[0].submit()\">" +
               $"<form method=\"post\" action=\"{E(action)}\">{inputs}" +
               "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>";
    }

    /// <summary>The out-of-band page (RFC 5849 §2.1 <c>oob</c>): the verifier to type into the client.</summary>
    public static string OutOfBand(string verifier) =>
        Page("Authorization complete",
            $"<h1>Authorization complete</h1><p>Enter this verification code in the application:</p><p><code id=\"oauth_verifier\">{E(verifier)}</code></p>");

    public static string OutOfBandDenied() =>
        Page("Authorization denied", "<h1>Authorization denied</h1><p>You refused the application's request.</p>");

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{E(title)} - AuthActors Dev Provider</title></head><body>{body}</body></html>";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
