using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Pipeline;

/// <summary>What a call to a provider is for; it decides which compliance hooks run around it.</summary>
public enum ProviderCallKind
{
    /// <summary>OAuth 1 temporary credentials (no hook point).</summary>
    RequestToken,
    /// <summary>Access token: <c>access_token_request</c> / <c>access_token_response</c>.</summary>
    AccessToken,
    /// <summary>Refresh: <c>refresh_token_request</c> / <c>refresh_token_response</c>.</summary>
    RefreshToken,
    /// <summary>Revocation: <c>revoke_token_request</c>.</summary>
    Revoke,
    /// <summary>Introspection: <c>introspect_token_request</c>.</summary>
    Introspect,
    /// <summary>An API call with a token: <c>protected_request</c>.</summary>
    Protected,
    /// <summary>OpenID Connect metadata or JWKS (no hook point, no credentials).</summary>
    Discovery,
}

/// <summary>
/// One call to a provider, not yet sent: the request as compliance hooks should see it, and the step that
/// must come last (OAuth 2 client authentication, or OAuth 1 signing, which any later change would break).
/// </summary>
/// <param name="Kind">What the call is for.</param>
/// <param name="Request">The request before hooks and finalization.</param>
/// <param name="Finalize">Applied after the hooks, just before sending.</param>
public sealed record ProviderCall(ProviderCallKind Kind, OAuthHttpRequest Request, Func<OAuthHttpRequest, OAuthHttpRequest> Finalize)
{
    /// <summary>A call that needs no finalization.</summary>
    public static ProviderCall Plain(ProviderCallKind kind, OAuthHttpRequest request) => new(kind, request, static r => r);

    /// <summary>The request hook point of <see cref="Kind"/>, or <c>null</c>.</summary>
    public ComplianceHookPoint? RequestHookPoint => Kind switch
    {
        ProviderCallKind.AccessToken => ComplianceHookPoint.AccessTokenRequest,
        ProviderCallKind.RefreshToken => ComplianceHookPoint.RefreshTokenRequest,
        ProviderCallKind.Revoke => ComplianceHookPoint.RevokeTokenRequest,
        ProviderCallKind.Introspect => ComplianceHookPoint.IntrospectTokenRequest,
        ProviderCallKind.Protected => ComplianceHookPoint.ProtectedRequest,
        _ => null,
    };

    /// <summary>The response hook point of <see cref="Kind"/>, or <c>null</c>.</summary>
    public ComplianceHookPoint? ResponseHookPoint => Kind switch
    {
        ProviderCallKind.AccessToken => ComplianceHookPoint.AccessTokenResponse,
        ProviderCallKind.RefreshToken => ComplianceHookPoint.RefreshTokenResponse,
        _ => null,
    };

    /// <summary>
    /// The request exactly as it would go on the wire: request hooks, then finalization. Pure; for tests and
    /// for callers that send by other means.
    /// </summary>
    public OAuthHttpRequest Prepare(ComplianceHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        return Finalize(RequestHookPoint is { } point ? hooks.Apply(point, Request) : Request);
    }

    /// <summary>Prints the kind and the request without credentials.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind).Append(", Request = ").Append(Request);
        return true;
    }
}
