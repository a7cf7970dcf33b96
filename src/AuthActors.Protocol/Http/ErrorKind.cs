namespace AuthActors.Protocol.Http;

/// <summary>What kind of failure a protocol result carries (Duende's <c>ResponseErrorType</c>, widened).</summary>
public enum ErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The provider answered with an OAuth error (<c>error</c>, <c>error_description</c>, <c>error_uri</c>).</summary>
    Protocol,

    /// <summary>The provider answered with an HTTP error status and no OAuth error body (a 5xx, an HTML error page).</summary>
    Http,

    /// <summary>No answer arrived: refused, dropped, or timed out.</summary>
    Transport,

    /// <summary>The provider answered 2xx with a body that is not a valid response (garbage, empty, missing fields).</summary>
    InvalidResponse,

    /// <summary>The user or the provider refused the authorization (the callback carried <c>error</c>, RFC 6749 §4.1.2.1).</summary>
    Denied,

    /// <summary>The callback is not acceptable: a missing code or verifier, a mismatched state, token or issuer.</summary>
    InvalidCallback,

    /// <summary>
    /// The caller's input cannot make a valid request, so nothing was sent: no token, a token that does not fit
    /// the provider or is not Bearer, a relative URL without an API base.
    /// </summary>
    InvalidRequest,
}
