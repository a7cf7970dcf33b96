namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>Instagram: API calls carry the token as the <c>access_token</c> query parameter.</summary>
public static class InstagramComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session) =>
        session.RegisterComplianceHook(ComplianceHookNames.ProtectedRequest, r => HookHelpers.MoveBearerToQuery(r));
}
