namespace AuthActors.Protocol.Identity;

/// <summary>
/// Who signed in, established by the provider and validated by this library: never made up. For OpenID
/// Connect the issuer and subject are the validated id_token's; for plain OAuth they come from the user info
/// (or an OAuth 1 token response) through the provider's claim map.
/// </summary>
/// <param name="Provider">The provider name.</param>
/// <param name="Issuer">The issuer: the id_token's <c>iss</c>, or the provider's issuer or origin.</param>
/// <param name="Subject">The provider's stable identifier of the user.</param>
public sealed record LoginIdentity(string Provider, string Issuer, string Subject)
{
    /// <summary>True when issuer and subject come from a validated id_token.</summary>
    public bool FromIdToken { get; init; }

    /// <summary>The validated id_token's claims (OpenID Connect), one entry per value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> IdTokenClaims { get; init; } = [];

    /// <summary>
    /// The identity's claims under standard names (<c>sub</c>, <c>name</c>, <c>email</c>, ...): the user info's
    /// scalar members, mapped through the claim map, then the id_token's for names the user info lacks.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; init; } = [];

    /// <summary>The user info document (JSON), when it was fetched.</summary>
    public string? UserInfo { get; init; }

    /// <summary>The first value of claim <paramref name="name"/>, or <c>null</c>.</summary>
    public string? Claim(string name) => Claims.FirstOrDefault(c => c.Key == name).Value;
}
