using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Oidc;

/// <summary>
/// What an <c>id_token</c> is checked against (OpenID Connect Core §3.1.3.7). Everything that varies,
/// including the clock, is a value here, so validation is pure and deterministic.
/// </summary>
/// <param name="Issuer">
/// The expected <c>iss</c>. A <c>{tenantid}</c> placeholder (Microsoft Entra's multi-tenant issuer) is replaced
/// by the token's <c>tid</c> claim before comparing.
/// </param>
/// <param name="ClientId">The client id, which <c>aud</c> must contain.</param>
/// <param name="Keys">The provider's JWKS (RFC 7517).</param>
/// <param name="Now">The current time.</param>
public sealed record IdTokenValidationParameters(string Issuer, string ClientId, JsonWebKeySet Keys, DateTimeOffset Now)
{
    /// <summary>The nonce sent with the authorization request; when set, the token must carry it.</summary>
    public string? Nonce { get; init; }

    /// <summary>The access token issued with the id_token, for the <c>at_hash</c> check.</summary>
    public string? AccessToken { get; init; }

    /// <summary>The accepted <c>alg</c> values; asymmetric algorithms only unless configured otherwise.</summary>
    public IReadOnlyCollection<string> Algorithms { get; init; } = IdTokenAlgorithms.DefaultAsymmetric;

    /// <summary>The leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Never prints the nonce or the access token.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Issuer = ").Append(Issuer).Append(", ClientId = ").Append(ClientId).Append(", Now = ").Append(Now);
        return true;
    }
}

/// <summary>The JWS algorithms an id_token may use.</summary>
public static class IdTokenAlgorithms
{
    /// <summary>RSA, RSA-PSS and ECDSA: the asymmetric algorithms of RFC 7518 §3.1.</summary>
    public static readonly IReadOnlyCollection<string> DefaultAsymmetric =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>
    /// The allow-list for a provider: <paramref name="configured"/> if set, else the asymmetric ones among
    /// <paramref name="advertised"/> (the metadata's <c>id_token_signing_alg_values_supported</c>), else the
    /// asymmetric defaults. <c>none</c> and the HMAC algorithms are never taken from metadata.
    /// </summary>
    public static IReadOnlyCollection<string> AllowList(IReadOnlyCollection<string>? configured, IReadOnlyCollection<string>? advertised)
    {
        if (configured is { Count: > 0 })
        {
            return configured.Where(a => !string.Equals(a, "none", StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var fromMetadata = (advertised ?? []).Where(a => DefaultAsymmetric.Contains(a, StringComparer.Ordinal)).ToList();
        return fromMetadata.Count > 0 ? fromMetadata : DefaultAsymmetric;
    }
}
