namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>
/// The parameters the per-tenant presets need, with the example tenants of the recorded discovery documents
/// (documents/okta.openid-configuration.json and friends).
/// </summary>
public static class PresetArguments
{
    public static IReadOnlyDictionary<string, string>? For(string preset) => preset.ToLowerInvariant() switch
    {
        "okta" => new Dictionary<string, string> { ["domain"] = "dev-123456.okta.com" },
        "auth0" => new Dictionary<string, string> { ["domain"] = "example-tenant.us.auth0.com" },
        "keycloak" => new Dictionary<string, string> { ["domain"] = "sso.example.com", ["realm"] = "myrealm" },
        "oidc" => new Dictionary<string, string> { ["authority"] = "https://sso.example.com/realms/myrealm" },
        _ => null,
    };
}
