using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Facebook (Graph API before v2.3): the token arrives form-encoded, often as <c>text/plain</c>, with
/// <c>expires</c> instead of <c>expires_in</c> and without <c>token_type</c>.
/// </summary>
public static class FacebookComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session) =>
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, Fix);

    private static OAuthHttpResponse Fix(OAuthHttpResponse response) =>
        !response.IsSuccessStatus
            ? response
            : response.EditJson(obj =>
            {
                obj.Rename("expires", "expires_in");
                if (obj.ContainsKey("access_token") && !obj.ContainsKey("token_type"))
                {
                    obj.ForceBearer();
                }
            });
}
