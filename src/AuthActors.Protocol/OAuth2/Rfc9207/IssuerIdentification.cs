using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.OAuth2.Rfc9207;

/// <summary>Authorization server issuer identification (RFC 9207), the mix-up attack defence.</summary>
public static class IssuerIdentification
{
    /// <summary>
    /// Checks a callback's <c>iss</c> (§2.4): when both it and the expected issuer are known they must be
    /// equal by simple string comparison (RFC 3986 §6.2.1); when the provider is known to send it, it must be
    /// present. Returns the error, or <c>null</c> when the callback passes.
    /// </summary>
    public static OAuthError? Check(string? received, string? expectedIssuer, bool required)
    {
        if (received is null)
        {
            return required
                ? new OAuthError(ErrorKind.InvalidCallback, OAuthErrorCodes.IssuerMismatch,
                    "The callback carries no iss although the provider always sends it (RFC 9207 §2.4).")
                : null;
        }

        if (expectedIssuer is not null && !string.Equals(received, expectedIssuer, StringComparison.Ordinal))
        {
            return new OAuthError(ErrorKind.InvalidCallback, OAuthErrorCodes.IssuerMismatch,
                "The callback's iss is not this provider's issuer (RFC 9207 §2.4).");
        }

        return null;
    }
}
