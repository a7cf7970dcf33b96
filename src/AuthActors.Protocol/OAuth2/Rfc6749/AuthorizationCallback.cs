using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc9207;
using A = AuthActors.Protocol.OAuth2.OAuth2Constants.AuthorizeResponse;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>A checked authorization response (RFC 6749 §4.1.2): the code, or why it cannot be used.</summary>
/// <param name="Code">The authorization code, or <c>null</c> on error.</param>
/// <param name="State">The <c>state</c> the callback carried.</param>
/// <param name="Error">The typed error, or <c>null</c>.</param>
public sealed record AuthorizationCallback(string? Code, string? State, OAuthError? Error)
{
    /// <summary>True when <see cref="Error"/> is set.</summary>
    public bool IsError => Error is not null;

    /// <summary>
    /// Reads and checks callback parameters, in this order: <c>state</c> present and equal to
    /// <paramref name="expectedState"/> in constant time (§10.12 CSRF; skipped when it is <c>null</c>, for
    /// callers that routed by state already); <c>iss</c> equal to the issuer when both are known
    /// (RFC 9207 §2.4); an <c>error</c> is a typed denial (§4.1.2.1); otherwise a <c>code</c> is required.
    /// </summary>
    /// <param name="parameters">The callback's query (or form_post body) parameters.</param>
    /// <param name="expectedState">The state sent with the authorization request.</param>
    /// <param name="issuer">The provider's issuer identifier, when known.</param>
    /// <param name="requireIssuer">True when the provider always sends <c>iss</c> (its metadata says so).</param>
    public static AuthorizationCallback Validate(
        IEnumerable<KeyValuePair<string, string>> parameters,
        string? expectedState,
        string? issuer = null,
        bool requireIssuer = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        var state = list.First(A.State);
        if (expectedState is not null)
        {
            if (string.IsNullOrEmpty(state))
            {
                return Fail(state, ErrorKind.InvalidCallback, OAuthErrorCodes.MissingState, "The callback carries no state.");
            }

            if (!ConstantTime.Equals(state, expectedState))
            {
                return Fail(state, ErrorKind.InvalidCallback, OAuthErrorCodes.StateMismatch,
                    "The callback's state does not belong to this authorization (RFC 6749 §10.12).");
            }
        }

        if (IssuerIdentification.Check(list.First(A.Issuer), issuer, requireIssuer) is { } issuerError)
        {
            return new(null, state, issuerError);
        }

        if (list.First(A.Error) is { Length: > 0 } error)
        {
            return new(null, state, new OAuthError(ErrorKind.Denied, error, list.First(A.ErrorDescription), list.First(A.ErrorUri)));
        }

        var code = list.First(A.Code);
        return string.IsNullOrEmpty(code)
            ? Fail(state, ErrorKind.InvalidCallback, OAuthErrorCodes.MissingCode, "The callback carries neither a code nor an error.")
            : new(code, state, null);
    }

    private static AuthorizationCallback Fail(string? state, ErrorKind kind, string code, string description) =>
        new(null, state, new OAuthError(kind, code, description));

    /// <summary>Never prints the code.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("HasCode = ").Append(Code is not null).Append(", Error = ").Append(Error);
        return true;
    }
}
