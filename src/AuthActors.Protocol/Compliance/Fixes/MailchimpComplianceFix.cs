using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Mailchimp: tokens never expire but come with <c>"expires_in": 0</c> and <c>"scope": null</c>, and
/// without <c>token_type</c>.
/// </summary>
public static class MailchimpComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session) =>
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, Fix);

    private static OAuthHttpResponse Fix(OAuthHttpResponse response) =>
        !response.IsSuccessStatus
            ? response
            : response.EditJson(obj =>
            {
                if (obj["scope"] is null)
                {
                    obj.Remove("scope");
                }

                if (obj["expires_in"]?.ToJsonString() is "0" or "\"0\"")
                {
                    obj.Remove("expires_in");
                }

                if (!obj.ContainsKey("token_type"))
                {
                    obj.ForceBearer();
                }
            });
}
