namespace AuthActors.DevProvider.Stores;

/// <summary>
/// Every token descended from one authorization (a code, or a client credentials grant): revoking the
/// family revokes them all at once (RFC 6749 §4.1.2 on code reuse, RFC 7009 §2.1 on refresh revocation).
/// </summary>
internal sealed class GrantFamily
{
    private volatile bool _revoked;

    /// <summary>When the user authorized the grant (the id_token's <c>auth_time</c>, OpenID Connect Core §2).</summary>
    public DateTimeOffset AuthTime { get; init; }

    /// <summary>True once the family was revoked.</summary>
    public bool IsRevoked => _revoked;

    /// <summary>Revokes the family.</summary>
    public void Revoke() => _revoked = true;
}
