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

    /// <summary>
    /// The fix plus Helix's <c>Client-Id</c> header on every API call (Helix refuses a Bearer token without it).
    /// The Twitch preset uses this form, since only it knows the client id.
    /// </summary>
    public static ComplianceFix WithClientId(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        return session =>
        {
            Apply(session);
            session.RegisterComplianceHook(ComplianceHookNames.ProtectedRequest, (RequestHook)(r => r.WithHeader("Client-Id", clientId)));
        };
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
