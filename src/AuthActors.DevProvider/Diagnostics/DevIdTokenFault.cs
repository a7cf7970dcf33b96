namespace AuthActors.DevProvider;

/// <summary>
/// Deliberate OpenID Connect defects, one per client (<see cref="DevClientKnobs.IdTokenFault"/>), for testing
/// that a relying party rejects them (OpenID Connect Core 1.0 §3.1.3.7, §3.1.3.8, §5.3.2; RFC 9207; RFC 8725).
/// A fault changes only the id_token, the authorization response's <c>iss</c> parameter or the userinfo answer:
/// codes stay single-use, PKCE is still verified, and tokens are issued and stored as usual.
/// </summary>
public enum DevIdTokenFault
{
    /// <summary>Correct id_tokens, <c>iss</c> parameters and userinfo answers.</summary>
    None,

    /// <summary>A correctly signed id_token with one byte of its signature flipped.</summary>
    BadSignature,

    /// <summary>The header says <c>"alg":"none"</c> (and has no <c>kid</c>); the signature is empty.</summary>
    AlgNone,

    /// <summary>
    /// Key confusion (RFC 8725 §2.1): <c>HS256</c> with the RSA signing key's public key PEM text
    /// (<c>-----BEGIN PUBLIC KEY-----</c>, SubjectPublicKeyInfo, UTF-8) as the HMAC secret, under the RSA key's <c>kid</c>.
    /// </summary>
    HmacWithPublicKey,

    /// <summary>Signed (RS256) with a key that is not in the JWKS, under a <c>kid</c> that is not in the JWKS.</summary>
    UnknownKid,

    /// <summary><c>iss</c> is the issuer followed by <c>/wrong-issuer</c>.</summary>
    WrongIssuer,

    /// <summary><c>aud</c> is <c>another-client</c> instead of the client id.</summary>
    WrongAudience,

    /// <summary><c>aud</c> is <c>[client id, "another-client"]</c> and there is no <c>azp</c>.</summary>
    MultipleAudiencesWithoutAzp,

    /// <summary><c>aud</c> is <c>[client id, "another-client"]</c> and <c>azp</c> is <c>another-client</c>.</summary>
    MultipleAudiencesWithWrongAzp,

    /// <summary><c>exp</c> is 15 minutes in the past, <c>iat</c> one id_token lifetime before that.</summary>
    Expired,

    /// <summary><c>nbf</c> is 10 minutes in the future, <c>exp</c> one id_token lifetime after <c>nbf</c>.</summary>
    NotYetValid,

    /// <summary><c>nonce</c> is a value other than the one the authorization request sent.</summary>
    NonceWrong,

    /// <summary>No <c>nonce</c>, even when the authorization request sent one.</summary>
    NonceMissing,

    /// <summary><c>at_hash</c> is the hash of another string than the access token.</summary>
    AtHashWrong,

    /// <summary>The authorization response's <c>iss</c> parameter (RFC 9207) is the issuer followed by <c>/wrong-issuer</c>.</summary>
    IssParameterWrong,

    /// <summary>The authorization response has no <c>iss</c> parameter.</summary>
    IssParameterMissing,

    /// <summary>The userinfo endpoint answers with a <c>sub</c> other than the id_token's (the user's sub followed by <c>-other</c>).</summary>
    UserInfoSubjectMismatch,

    /// <summary>The userinfo endpoint answers without <c>sub</c>.</summary>
    UserInfoNoSubject,
}
