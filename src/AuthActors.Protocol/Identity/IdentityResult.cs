using AuthActors.Protocol.Oidc;

namespace AuthActors.Protocol.Identity;

/// <summary>Why no identity could be established.</summary>
public enum IdentityError
{
    /// <summary>An identity was established.</summary>
    None,
    /// <summary>The id_token is missing or invalid; <see cref="IdentityResult.IdTokenError"/> names the rule.</summary>
    IdTokenInvalid,
    /// <summary>The user info's <c>sub</c> is missing or is not the id_token's (OpenID Connect Core §5.3.2).</summary>
    SubjectMismatch,
    /// <summary>No subject: the user info call failed, or its answer holds no subject where the claim map says.</summary>
    SubjectUnavailable,
}

/// <summary>The identity of a login, or why there is none.</summary>
/// <param name="Identity">The identity, on success.</param>
/// <param name="Error">Why there is none.</param>
/// <param name="Description">A description without secrets.</param>
public sealed record IdentityResult(LoginIdentity? Identity, IdentityError Error, string? Description)
{
    /// <summary>The broken id_token rule, for <see cref="IdentityError.IdTokenInvalid"/>.</summary>
    public IdTokenError IdTokenError { get; init; }

    /// <summary>True when an identity was established.</summary>
    public bool IsSuccess => Identity is not null;

    /// <summary>A failure.</summary>
    public static IdentityResult Fail(IdentityError error, string description) => new(null, error, description);
}
