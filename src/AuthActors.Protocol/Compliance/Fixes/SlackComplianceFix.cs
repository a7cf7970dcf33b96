using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// Slack (<c>oauth.v2.access</c>): failures are 200 responses with <c>"ok": false</c> and an <c>error</c>;
/// a user token sits under <c>authed_user</c>, and token types are <c>bot</c> or <c>user</c>.
/// </summary>
public static class SlackComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session)
    {
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, Fix);
        session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenResponse, Fix);
    }

    private static OAuthHttpResponse Fix(OAuthHttpResponse response)
    {
        if (!response.IsSuccessStatus)
        {
            return response;
        }

        var failed = false;
        var edited = response.EditJson(obj =>
        {
            if (obj["ok"] is JsonValue ok && ok.GetValueKind() == JsonValueKind.False)
            {
                failed = true;
                obj["error"] ??= "slack_error";
                return;
            }

            if (!obj.ContainsKey("access_token") && obj["authed_user"] is JsonObject user)
            {
                foreach (var (name, value) in user.ToList())
                {
                    user.Remove(name);
                    obj[name] ??= value;
                }

                obj.Remove("authed_user");
            }

            if (obj.ContainsKey("access_token"))
            {
                obj.ForceBearer();
            }
        });
        return failed ? edited with { StatusCode = 400 } : edited;
    }
}
