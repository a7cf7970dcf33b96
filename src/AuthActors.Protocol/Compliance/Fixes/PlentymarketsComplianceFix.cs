using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance.Fixes;

/// <summary>Plentymarkets: camelCase members (<c>accessToken</c>, <c>tokenType</c>, <c>expiresIn</c>, <c>refreshToken</c>).</summary>
public static class PlentymarketsComplianceFix
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
            obj.Rename("accessToken", "access_token");
            obj.Rename("tokenType", "token_type");
            obj.Rename("expiresIn", "expires_in");
            obj.Rename("refreshToken", "refresh_token");
        });
}
