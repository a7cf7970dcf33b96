using System.Security.Cryptography;
using System.Text;
using AuthActors.Protocol.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Oidc;

/// <summary>
/// ID Token validation, OpenID Connect Core §3.1.3.7, as a pure function of the token and
/// <see cref="IdTokenValidationParameters"/> (the clock included). JWT parsing and signature checks are
/// Microsoft.IdentityModel's; the claim rules are checked here, one <see cref="IdTokenError"/> each, in the
/// order of the specification.
/// </summary>
public static class IdTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>Validates <paramref name="idToken"/>. Never throws for bad input.</summary>
    /// <example>
    /// <code>
    /// var result = await IdTokenValidator.ValidateAsync(token.IdToken, new IdTokenValidationParameters(
    ///     "https://accounts.example", "my-client", jwks, clock.GetUtcNow()) { Nonce = nonce, AccessToken = token.AccessToken });
    /// if (!result.IsValid) { /* result.Error names the rule */ }
    /// </code>
    /// </example>
    public static async Task<IdTokenValidationResult> ValidateAsync(string? idToken, IdTokenValidationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (string.IsNullOrEmpty(idToken))
        {
            return IdTokenValidationResult.Fail(IdTokenError.Missing, "The token response carries no id_token (OpenID Connect Core §3.1.3.3).");
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(idToken);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return IdTokenValidationResult.Fail(IdTokenError.Malformed, "The id_token is not a well-formed JWS.");
        }

        // §3.1.3.7 rules 6-7: the alg must be one we allow; "none" and HMAC (whose key would be guessable
        // from public material) are refused before any key is touched.
        var alg = jwt.Alg;
        if (string.IsNullOrEmpty(alg) || !p.Algorithms.Contains(alg, StringComparer.Ordinal) || alg.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return IdTokenValidationResult.Fail(IdTokenError.AlgorithmNotAllowed, $"The id_token's alg '{alg}' is not allowed (allowed: {string.Join(", ", p.Algorithms)}).");
        }

        var kid = jwt.Kid;
        if (!string.IsNullOrEmpty(kid) && !p.Keys.Keys.Any(k => string.Equals(k.Kid, kid, StringComparison.Ordinal)))
        {
            return IdTokenValidationResult.Fail(IdTokenError.UnknownKey, $"The id_token's kid '{kid}' is not in the provider's JWKS.");
        }

        if (await SignatureErrorAsync(idToken, p).ConfigureAwait(false) is { } signatureError)
        {
            return signatureError;
        }

        return CheckClaims(jwt, p);
    }

    private static async Task<IdTokenValidationResult?> SignatureErrorAsync(string idToken, IdTokenValidationParameters p)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = p.Keys.GetSigningKeys(),
            ValidAlgorithms = p.Algorithms,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,
        };
        var result = await Handler.ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
        return result.IsValid
            ? null
            : result.Exception switch
            {
                SecurityTokenInvalidAlgorithmException => IdTokenValidationResult.Fail(IdTokenError.AlgorithmNotAllowed, "The id_token's alg is not allowed."),
                SecurityTokenSignatureKeyNotFoundException => IdTokenValidationResult.Fail(IdTokenError.UnknownKey, "No key of the provider's JWKS matches the id_token."),
                SecurityTokenMalformedException or ArgumentException => IdTokenValidationResult.Fail(IdTokenError.Malformed, "The id_token is not a well-formed JWS."),
                _ => IdTokenValidationResult.Fail(IdTokenError.InvalidSignature, "The id_token's signature does not verify with the provider's keys."),
            };
    }

    private static IdTokenValidationResult CheckClaims(JsonWebToken jwt, IdTokenValidationParameters p)
    {
        // Rule 2: iss. Entra's multi-tenant metadata names the issuer with a {tenantid} placeholder.
        var iss = Claim(jwt, "iss");
        var expectedIssuer = p.Issuer.Contains("{tenantid}", StringComparison.Ordinal) && Claim(jwt, "tid") is { Length: > 0 } tid
            ? p.Issuer.Replace("{tenantid}", tid, StringComparison.Ordinal)
            : p.Issuer;
        if (iss is null || !string.Equals(iss, expectedIssuer, StringComparison.Ordinal))
        {
            return IdTokenValidationResult.Fail(IdTokenError.IssuerMismatch, $"The id_token's iss '{iss}' is not the issuer '{expectedIssuer}'.");
        }

        // Rules 3-5: aud contains the client id; several audiences need azp; azp, if present, is the client id.
        var audiences = jwt.Audiences.ToList();
        if (!audiences.Contains(p.ClientId, StringComparer.Ordinal))
        {
            return IdTokenValidationResult.Fail(IdTokenError.AudienceMismatch, "The id_token's aud does not contain this client.");
        }

        var azp = Claim(jwt, "azp");
        if (audiences.Count > 1 && azp is null)
        {
            return IdTokenValidationResult.Fail(IdTokenError.MissingAuthorizedParty, "The id_token has several audiences and no azp.");
        }

        if (azp is not null && !string.Equals(azp, p.ClientId, StringComparison.Ordinal))
        {
            return IdTokenValidationResult.Fail(IdTokenError.AuthorizedPartyMismatch, "The id_token's azp is not this client.");
        }

        if (Time(jwt, "exp") is not { } exp || Time(jwt, "iat") is not { } iat || Claim(jwt, "sub") is not { Length: > 0 } sub)
        {
            return IdTokenValidationResult.Fail(IdTokenError.MissingClaim, "The id_token lacks exp, iat or sub (OpenID Connect Core §2).");
        }

        if (p.Now > exp + p.ClockSkew)
        {
            return IdTokenValidationResult.Fail(IdTokenError.Expired, "The id_token has expired.");
        }

        if (Time(jwt, "nbf") is { } nbf && p.Now + p.ClockSkew < nbf)
        {
            return IdTokenValidationResult.Fail(IdTokenError.NotYetValid, "The id_token is not valid yet (nbf).");
        }

        if (iat > p.Now + p.ClockSkew)
        {
            return IdTokenValidationResult.Fail(IdTokenError.IssuedInFuture, "The id_token's iat is in the future.");
        }

        // Rule 11: the nonce binds the token to this login (replay).
        if (p.Nonce is not null)
        {
            var nonce = Claim(jwt, "nonce");
            if (nonce is null)
            {
                return IdTokenValidationResult.Fail(IdTokenError.NonceMissing, "A nonce was sent and the id_token carries none.");
            }

            if (!ConstantTime.Equals(nonce, p.Nonce))
            {
                return IdTokenValidationResult.Fail(IdTokenError.NonceMismatch, "The id_token's nonce is not this login's.");
            }
        }

        if (Claim(jwt, "at_hash") is { } atHash && p.AccessToken is not null && !ConstantTime.Equals(atHash, AccessTokenHash(p.AccessToken, jwt.Alg)))
        {
            return IdTokenValidationResult.Fail(IdTokenError.AccessTokenHashMismatch, "The id_token's at_hash does not match the access token (§3.1.3.8).");
        }

        return new IdTokenValidationResult(IdTokenError.None, null)
        {
            Issuer = iss,
            Subject = sub,
            Claims = IdTokenValidationResult.From(jwt.Claims),
        };
    }

    /// <summary>
    /// The <c>at_hash</c> of <paramref name="accessToken"/> for <paramref name="alg"/> (OpenID Connect Core
    /// §3.1.3.6): base64url of the left half of the hash of its ASCII bytes, the hash being the one of the alg.
    /// </summary>
    public static string AccessTokenHash(string accessToken, string alg)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var bytes = Encoding.ASCII.GetBytes(accessToken);
        var hash = alg.EndsWith("384", StringComparison.Ordinal) ? SHA384.HashData(bytes)
            : alg.EndsWith("512", StringComparison.Ordinal) ? SHA512.HashData(bytes)
            : SHA256.HashData(bytes);
        return Base64Url.Encode(hash.AsSpan(0, hash.Length / 2));
    }

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<object>(name, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset? Time(JsonWebToken jwt, string name)
    {
        if (!jwt.TryGetPayloadValue<object>(name, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            long l => DateTimeOffset.FromUnixTimeSeconds(l),
            int i => DateTimeOffset.FromUnixTimeSeconds(i),
            double d when !double.IsNaN(d) && Math.Abs(d) < 1e11 => DateTimeOffset.FromUnixTimeSeconds((long)d),
            _ => null,
        };
    }
}
