using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>
/// GitHub: its token endpoint answers form-encoded unless asked for JSON, and reports errors such as
/// <c>bad_verification_code</c> inside a 200 response.
/// </summary>
public static class GitHubComplianceFix
{
    /// <summary>Registers the hooks.</summary>
    public static void Apply(ComplianceHooks session)
    {
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenRequest, AskForJson);
        session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenRequest, AskForJson);
        session.RegisterComplianceHook(ComplianceHookNames.AccessTokenResponse, ErrorInSuccess);
        session.RegisterComplianceHook(ComplianceHookNames.RefreshTokenResponse, ErrorInSuccess);
    }

    private static OAuthHttpRequest AskForJson(OAuthHttpRequest request) => request.WithHeader("Accept", "application/json");

    private static OAuthHttpResponse ErrorInSuccess(OAuthHttpResponse response)
    {
        if (!response.IsSuccessStatus)
        {
            return response;
        }

        var failed = false;
        var edited = response.EditJson(obj => failed = obj.ContainsKey("error") && !obj.ContainsKey("access_token"));
        return failed ? edited with { StatusCode = 400 } : response;
    }
}
