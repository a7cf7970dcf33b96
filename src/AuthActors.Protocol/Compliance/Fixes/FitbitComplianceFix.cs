using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Fitbit: errors come as <c>{"errors":[{"errorType":"invalid_grant","message":"..."}],"success":false}</c>
/// instead of <c>error</c> and <c>error_description</c>.
/// </summary>
public static class FitbitComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session)
    {
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, Fix);
        session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenResponse, Fix);
    }

    private static OAuthHttpResponse Fix(OAuthHttpResponse response) =>
        response.EditJson(obj =>
        {
            if (!obj.ContainsKey("error") && obj["errors"] is JsonArray { Count: > 0 } errors && errors[0] is JsonObject first)
            {
                obj["error"] = first["errorType"]?.DeepClone() ?? "fitbit_error";
                if (first["message"] is { } message)
                {
                    obj["error_description"] = message.DeepClone();
                }
            }
        });
}
