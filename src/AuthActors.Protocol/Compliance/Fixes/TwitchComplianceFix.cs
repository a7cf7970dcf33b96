using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>Twitch: <c>scope</c> is a JSON array instead of a space-delimited string.</summary>
public static class TwitchComplianceFix
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
            // Only an array of strings is Twitch's shape; anything else is left for the parser to reject.
            if (obj["scope"] is JsonArray scopes && scopes.All(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            {
                obj["scope"] = string.Join(' ', scopes.Select(s => s!.GetValue<string>()).Where(s => s.Length > 0));
            }
        });
}
