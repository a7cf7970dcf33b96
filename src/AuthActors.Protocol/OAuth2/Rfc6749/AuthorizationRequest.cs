using AuthActors.Protocol.Infrastructure;
using C = AuthActors.Protocol.OAuth2.OAuth2Constants.AuthorizeRequest;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).</summary>
/// <param name="AuthorizeUrl">The authorization endpoint; it may already carry a query.</param>
/// <param name="ClientId">The <c>client_id</c>.</param>
public sealed record AuthorizationRequest(string AuthorizeUrl, string ClientId)
{
    /// <summary>The <c>response_type</c>, <c>code</c> by default.</summary>
    public string ResponseType { get; init; } = "code";

    /// <summary>The <c>redirect_uri</c>, if any.</summary>
    public string? RedirectUri { get; init; }

    /// <summary>The <c>scope</c>, space-delimited, if any.</summary>
    public string? Scope { get; init; }

    /// <summary>The <c>state</c>.</summary>
    public string? State { get; init; }

    /// <summary>The PKCE <c>code_challenge</c>, if any.</summary>
    public string? CodeChallenge { get; init; }

    /// <summary>The PKCE <c>code_challenge_method</c>, if any.</summary>
    public string? CodeChallengeMethod { get; init; }

    /// <summary>The OpenID Connect <c>nonce</c>, if any.</summary>
    public string? Nonce { get; init; }

    /// <summary>Further parameters (the provider's <c>authorize_params</c>, then per-call ones), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraParameters { get; init; } = [];

    /// <summary>
    /// The URL to redirect the user agent to: the endpoint with every non-null parameter appended to its
    /// existing query (§3.1: the endpoint's own query must be kept). A parameter already present in the
    /// endpoint's query or repeated in <see cref="ExtraParameters"/> is not sent twice (§3.1 "MUST NOT be
    /// included more than once"): the standard parameters win, then the first extra one.
    /// </summary>
    /// <example>
    /// <c>https://server.example.com/authorize?response_type=code&amp;client_id=s6BhdRkqt3&amp;state=xyz&amp;redirect_uri=...</c>
    /// </example>
    public string ToUrl()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null && parameters.All(p => p.Key != name))
            {
                parameters.Add(new(name, value));
            }
        }

        Add(C.ResponseType, ResponseType);
        Add(C.ClientId, ClientId);
        Add(C.RedirectUri, RedirectUri);
        Add(C.Scope, Scope);
        Add(C.State, State);
        Add(C.CodeChallenge, CodeChallenge);
        Add(C.CodeChallengeMethod, CodeChallengeMethod);
        Add(C.Nonce, Nonce);
        foreach (var (name, value) in ExtraParameters)
        {
            Add(name, value);
        }

        var existing = AuthorizeUrl.IndexOf('?') is var q and >= 0 ? FormEncoding.Parse(AuthorizeUrl[(q + 1)..].Split('#')[0]) : [];
        return FormEncoding.AppendQuery(AuthorizeUrl, parameters.Where(p => existing.All(e => e.Key != p.Key)));
    }
}
