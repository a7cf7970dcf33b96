using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Weibo and Douban: token responses lack <c>token_type</c>, and APIs read the token from the
/// <c>access_token</c> query parameter rather than the Authorization header.
/// </summary>
public static class QueryTokenComplianceFixes
{
    /// <summary>The Weibo fix.</summary>
    public static void Weibo(ComplianceHooks session) => Apply(session);

    /// <summary>The Douban fix.</summary>
    public static void Douban(ComplianceHooks session) => Apply(session);

    private static void Apply(ComplianceHooks session)
    {
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, AddBearerType);
        session.RegisterComplianceHook(ComplianceHookNames.ProtectedRequest, r => HookHelpers.MoveBearerToQuery(r));
    }

    private static OAuthHttpResponse AddBearerType(OAuthHttpResponse response) =>
        !response.IsSuccessStatus
            ? response
            : response.EditJson(obj =>
            {
                if (obj.ContainsKey("access_token") && !obj.ContainsKey("token_type"))
                {
                    obj.ForceBearer();
                }
            });
}
