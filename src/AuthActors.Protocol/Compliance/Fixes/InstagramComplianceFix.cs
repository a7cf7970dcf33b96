using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Instagram: the token response (<c>{"access_token": "...", "user_id": ...}</c>) has no <c>token_type</c>,
/// and API calls carry the token as the <c>access_token</c> query parameter.
/// </summary>
public static class InstagramComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session)
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
