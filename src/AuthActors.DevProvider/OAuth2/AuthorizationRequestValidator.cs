using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc7636;
using A = AuthActors.Protocol.OAuth2.OAuth2Constants.AuthorizeRequest;
using E = AuthActors.Protocol.OAuth2.OAuth2Constants.Errors;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.CodeChallengeMethods;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>Validates authorization requests (RFC 6749 §4.1.1, §3.1.2; RFC 7636 §4.3; OAuth 2.0 Form Post Response Mode).</summary>
internal static partial class AuthorizationRequestValidator
{
    private const string LoginHintParameter = "login_hint";

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex LoginHintPattern();

    public const string ResponseModeQuery = "query";
    public const string ResponseModeFormPost = "form_post";
    private const string UnsupportedResponseType = "unsupported_response_type";

    public static AuthorizationVerdict Validate(IReadOnlyList<KeyValuePair<string, string>> query, DevProviderState state)
    {
        var counts = query.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Count());
        string? Single(string name) => query.First(name);

        // §4.1.2.1: with a missing, invalid or mismatching client or redirect URI, inform the user and do not redirect.
        if (counts.GetValueOrDefault(A.ClientId) > 1 || counts.GetValueOrDefault(A.RedirectUri) > 1)
        {
            return AuthorizationVerdict.Page("client_id or redirect_uri is repeated.");
        }

        var client = state.FindOAuth2Client(Single(A.ClientId));
        if (client is null)
        {
            return AuthorizationVerdict.Page("The client_id is missing or unknown.");
        }

        var sentRedirect = Single(A.RedirectUri);
        var redirect = ResolveRedirectUri(client, sentRedirect);
        if (redirect is null)
        {
            return AuthorizationVerdict.Page("The redirect_uri is missing, or is not registered for this client.");
        }

        var mode = Single(A.ResponseMode);
        var target = new PendingAuthorization(client, redirect, sentRedirect is not null, mode == ResponseModeFormPost,
            Scopes.Normalize(Single(A.Scope)), Single(A.State), Single(A.CodeChallenge), Single(A.CodeChallengeMethod), Single(A.Nonce))
        {
            LoginHint = Single(LoginHintParameter),
        };

        if (mode is not null and not ResponseModeQuery and not ResponseModeFormPost)
        {
            return AuthorizationVerdict.Redirect(target, E.InvalidRequest, "Unsupported response_mode.");
        }

        // §3.1: parameters must not be included more than once.
        if (counts.Values.Any(n => n > 1))
        {
            return AuthorizationVerdict.Redirect(target, E.InvalidRequest, "A parameter is repeated.");
        }

        if (target.LoginHint is { } hint && !LoginHintPattern().IsMatch(hint))
        {
            return AuthorizationVerdict.Redirect(target, E.InvalidRequest, "login_hint must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '@' or '-'.");
        }

        var responseType = Single(A.ResponseType);
        if (string.IsNullOrEmpty(responseType))
        {
            return AuthorizationVerdict.Redirect(target, E.InvalidRequest, "response_type is required.");
        }

        if (responseType != "code")
        {
            return AuthorizationVerdict.Redirect(target, UnsupportedResponseType, "Only response_type=code is supported.");
        }

        if (!Scopes.Allowed(client, target.Scope))
        {
            return AuthorizationVerdict.Redirect(target, E.InvalidScope, "A requested scope is not allowed for this client.");
        }

        return CheckPkce(target) is { } pkceError ? AuthorizationVerdict.Redirect(target, E.InvalidRequest, pkceError) : new(target, null, null, null);
    }

    /// <summary>RFC 7636 §4.3, §4.4.1: the challenge, its method (plain by default) and whether the client needs one.</summary>
    private static string? CheckPkce(PendingAuthorization request)
    {
        var client = request.Client;
        if (request.CodeChallenge is null)
        {
            return client.RequirePkce ? "code_challenge is required (PKCE, RFC 7636)." : null;
        }

        // §4.2: the challenge has the verifier's alphabet and length (a base64url SHA-256 has 43 characters).
        if (!Pkce.IsValidVerifier(request.CodeChallenge))
        {
            return "code_challenge is malformed.";
        }

        return (request.CodeChallengeMethod ?? M.Plain) switch
        {
            M.S256 => null,
            M.Plain when client.AllowPlainPkce => null,
            M.Plain => "The plain code_challenge_method is not allowed; use S256.",
            _ => "Unsupported code_challenge_method.",
        };
    }

    /// <summary>
    /// §3.1.2.3: a registered URI matches exactly; one registered URI may be omitted. Without registration,
    /// an http(s) loopback URI (RFC 8252 §7.3) is accepted; it must be named. No fragment (§3.1.2).
    /// </summary>
    private static string? ResolveRedirectUri(DevOAuth2Client client, string? sent)
    {
        if (client.RedirectUris.Count > 0)
        {
            if (sent is null)
            {
                return client.RedirectUris.Count == 1 ? client.RedirectUris[0] : null;
            }

            return client.RedirectUris.Contains(sent, StringComparer.Ordinal) ? sent : null;
        }

        return sent is not null && IsLoopbackHttpUri(sent) ? sent : null;
    }

    private static bool IsLoopbackHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.Host is "127.0.0.1" or "localhost" or "[::1]" &&
        !value.Contains('#');
}
