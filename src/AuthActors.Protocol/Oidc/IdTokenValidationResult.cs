using System.Security.Claims;

namespace AuthActors.Protocol.Oidc;

/// <summary>The outcome of validating an id_token: its claims, or the rule it broke.</summary>
/// <param name="Error">The rule broken, or <see cref="IdTokenError.None"/>.</param>
/// <param name="Description">A description without the token or any secret.</param>
public sealed record IdTokenValidationResult(IdTokenError Error, string? Description)
{
    /// <summary>True when the token passed every check.</summary>
    public bool IsValid => Error == IdTokenError.None;

    /// <summary>The validated <c>iss</c>.</summary>
    public string? Issuer { get; init; }

    /// <summary>The validated <c>sub</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>Every claim of the payload (arrays flattened to one claim per value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; init; } = [];

    /// <summary>A failure.</summary>
    public static IdTokenValidationResult Fail(IdTokenError error, string description) => new(error, description);

    internal static IReadOnlyList<KeyValuePair<string, string>> From(IEnumerable<Claim> claims) =>
        claims.Select(c => new KeyValuePair<string, string>(c.Type, c.Value)).ToList();
}
