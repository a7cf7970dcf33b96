using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>eBay: <c>token_type</c> is <c>"User Access Token"</c> (or <c>"Application Access Token"</c>), used as Bearer.</summary>
public static class EbayComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session)
    {
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, Fix);
        session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenResponse, Fix);
    }

    private static OAuthHttpResponse Fix(OAuthHttpResponse response) =>
        !response.IsSuccessStatus
            ? response
            : response.EditJson(obj =>
            {
                if (obj.ContainsKey("access_token"))
                {
                    obj.ForceBearer();
                }
            });
}
