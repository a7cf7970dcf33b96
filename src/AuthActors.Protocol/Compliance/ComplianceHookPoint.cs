namespace AuthActors.Protocol.Compliance;

/// <summary>Where a compliance hook runs; the wire names are in <see cref="ComplianceHookNames"/>.</summary>
public enum ComplianceHookPoint
{
    /// <summary><c>access_token_request</c>: the authorization-code (and OAuth 1 access token) request.</summary>
    AccessTokenRequest,
    /// <summary><c>access_token_response</c>: the token endpoint's answer, before parsing.</summary>
    AccessTokenResponse,
    /// <summary><c>refresh_token_request</c>.</summary>
    RefreshTokenRequest,
    /// <summary><c>refresh_token_response</c>.</summary>
    RefreshTokenResponse,
    /// <summary><c>revoke_token_request</c>.</summary>
    RevokeTokenRequest,
    /// <summary><c>introspect_token_request</c>.</summary>
    IntrospectTokenRequest,
    /// <summary><c>protected_request</c>: every API call made with a token.</summary>
    ProtectedRequest,
}

/// <summary>The hook names of the seed (authlib's <c>register_compliance_hook</c>).</summary>
public static class ComplianceHookNames
{
    /// <summary><c>access_token_request</c>.</summary>
    public const string AccessTokenRequest = "access_token_request";
    /// <summary><c>access_token_response</c>.</summary>
    public const string AccessTokenResponse = "access_token_response";
    /// <summary><c>refresh_token_request</c>.</summary>
    public const string RefreshTokenRequest = "refresh_token_request";
    /// <summary><c>refresh_token_response</c>.</summary>
    public const string RefreshTokenResponse = "refresh_token_response";
    /// <summary><c>revoke_token_request</c>.</summary>
    public const string RevokeTokenRequest = "revoke_token_request";
    /// <summary><c>introspect_token_request</c>.</summary>
    public const string IntrospectTokenRequest = "introspect_token_request";
    /// <summary><c>protected_request</c>.</summary>
    public const string ProtectedRequest = "protected_request";

    private static readonly Dictionary<string, ComplianceHookPoint> ByName = new(StringComparer.Ordinal)
    {
        [AccessTokenRequest] = ComplianceHookPoint.AccessTokenRequest,
        [AccessTokenResponse] = ComplianceHookPoint.AccessTokenResponse,
        [RefreshTokenRequest] = ComplianceHookPoint.RefreshTokenRequest,
        [RefreshTokenResponse] = ComplianceHookPoint.RefreshTokenResponse,
        [RevokeTokenRequest] = ComplianceHookPoint.RevokeTokenRequest,
        [IntrospectTokenRequest] = ComplianceHookPoint.IntrospectTokenRequest,
        [ProtectedRequest] = ComplianceHookPoint.ProtectedRequest,
    };

    /// <summary>Every hook name, in the order of <see cref="ComplianceHookPoint"/>.</summary>
    public static IReadOnlyCollection<string> All => ByName.Keys;

    /// <summary>The point for a hook name; an unknown name throws with the list of valid ones.</summary>
    public static ComplianceHookPoint Parse(string name) =>
        name is not null && ByName.TryGetValue(name, out var point)
            ? point
            : throw new ArgumentException($"Unknown compliance hook '{name}'. Valid hooks: {string.Join(", ", ByName.Keys)}.", nameof(name));

    /// <summary>The name of <paramref name="point"/>.</summary>
    public static string NameOf(ComplianceHookPoint point) => ByName.First(p => p.Value == point).Key;

    /// <summary>True for the points whose hooks rewrite responses.</summary>
    public static bool IsResponsePoint(ComplianceHookPoint point) =>
        point is ComplianceHookPoint.AccessTokenResponse or ComplianceHookPoint.RefreshTokenResponse;
}
