namespace AuthActors.Protocol.Oidc;

/// <summary>
/// Why an <c>id_token</c> (or the identity around it) was refused: one value per rule of OpenID Connect Core
/// §3.1.3.7 and §5.3.2, so that each rule has its own negative test.
/// </summary>
public enum IdTokenError
{
    /// <summary>Valid.</summary>
    None,
    /// <summary>The token response carries no <c>id_token</c> although <c>openid</c> was requested (§3.1.3.3).</summary>
    Missing,
    /// <summary>Not a compact JWS with a JSON header and payload.</summary>
    Malformed,
    /// <summary>The header's <c>alg</c> is <c>none</c>, symmetric, or not in the allow-list (§3.1.3.7 rules 6 and 7).</summary>
    AlgorithmNotAllowed,
    /// <summary>The header's <c>kid</c> is not in the provider's JWKS (even after one re-fetch: key rotation).</summary>
    UnknownKey,
    /// <summary>The signature does not verify with the provider's key (§3.1.3.7 rule 6).</summary>
    InvalidSignature,
    /// <summary><c>iss</c> is not the provider's issuer (rule 2).</summary>
    IssuerMismatch,
    /// <summary><c>aud</c> does not contain the client id (rule 3).</summary>
    AudienceMismatch,
    /// <summary>Several audiences and no <c>azp</c> (rules 4 and 5).</summary>
    MissingAuthorizedParty,
    /// <summary><c>azp</c> is present and is not the client id (rule 5).</summary>
    AuthorizedPartyMismatch,
    /// <summary><c>exp</c>, <c>iat</c> or <c>sub</c> is missing or not of the right type (§2).</summary>
    MissingClaim,
    /// <summary>Past <c>exp</c>, beyond the leeway (rule 9).</summary>
    Expired,
    /// <summary>Before <c>nbf</c>, beyond the leeway.</summary>
    NotYetValid,
    /// <summary><c>iat</c> is in the future, beyond the leeway (rule 10).</summary>
    IssuedInFuture,
    /// <summary>A nonce was sent and the token carries none (rule 11).</summary>
    NonceMissing,
    /// <summary>The token's <c>nonce</c> is not the one sent (rule 11).</summary>
    NonceMismatch,
    /// <summary><c>at_hash</c> does not match the access token (§3.1.3.8).</summary>
    AccessTokenHashMismatch,
    /// <summary>The userinfo <c>sub</c> is missing or differs from the id_token's (§5.3.2).</summary>
    UserInfoSubjectMismatch,
}
