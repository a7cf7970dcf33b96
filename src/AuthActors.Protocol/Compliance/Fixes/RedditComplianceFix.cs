using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Reddit: every request, the token requests included, must carry a unique, descriptive <c>User-Agent</c>
/// (Reddit's API rules: <c>&lt;platform&gt;:&lt;app ID&gt;:&lt;version&gt; (by /u/&lt;username&gt;)</c>);
/// generic or missing ones are throttled or refused with 429. The fix sets one on the token, refresh, revocation and
/// API requests unless the request already has a User-Agent.
/// </summary>
public static class RedditComplianceFix
{
    /// <summary>The User-Agent the shipped fix sends; build your own fix with <see cref="WithUserAgent"/> to name your app.</summary>
    public const string DefaultUserAgent = "dotnet:AuthActors:1.0 (OAuth client library)";

    /// <summary>Registers the hooks with <see cref="DefaultUserAgent"/>.</summary>
    public static void Apply(ComplianceHooks session) => WithUserAgent(DefaultUserAgent)(session);

    /// <summary>The fix with <paramref name="userAgent"/>, for example <c>web:com.example.myapp:1.2 (by /u/me)</c>.</summary>
    public static ComplianceFix WithUserAgent(string userAgent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userAgent);
        OAuthHttpRequest Set(OAuthHttpRequest request) =>
            string.IsNullOrWhiteSpace(request.Header("User-Agent")) ? request.WithHeader("User-Agent", userAgent) : request;

        return session =>
        {
            ArgumentNullException.ThrowIfNull(session);
            session.RegisterComplianceHook(ComplianceHookNames.AccessTokenRequest, Set);
            session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenRequest, Set);
            session.RegisterComplianceHook(ComplianceHookNames.RevokeTokenRequest, Set);
            session.RegisterComplianceHook(ComplianceHookNames.ProtectedRequest, Set);
        };
    }
}
