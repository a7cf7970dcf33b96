using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth2;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// Endpoints and fixes of well-known providers, so that configuration needs only a preset name, a client
/// id and a secret. Any other provider is defined by its URLs alone.
/// </summary>
public static class ProviderPresets
{
    private static readonly Dictionary<string, Func<string, string, string?, ProviderDefinition>> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["github"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token")
        {
            DisplayName = "GitHub", ApiBaseUrl = "https://api.github.com/", UserInfoUrl = "user", Scope = "read:user user:email",
            ComplianceFix = ComplianceFixes.Get("github"), Issuer = "https://github.com/login/oauth",
        },
        ["google"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token")
        {
            DisplayName = "Google", ApiBaseUrl = "https://openidconnect.googleapis.com/", UserInfoUrl = "v1/userinfo",
            Scope = "openid email profile", Issuer = "https://accounts.google.com", RevocationUrl = "https://oauth2.googleapis.com/revoke",
        },
        ["microsoft"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        {
            DisplayName = "Microsoft", ApiBaseUrl = "https://graph.microsoft.com/", UserInfoUrl = "oidc/userinfo", Scope = "openid email profile",
        },
        ["gitlab"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token")
        {
            DisplayName = "GitLab", ApiBaseUrl = "https://gitlab.com/api/v4/", UserInfoUrl = "user", Scope = "read_user",
            RevocationUrl = "https://gitlab.com/oauth/revoke",
        },
        ["facebook"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.facebook.com/dialog/oauth", "https://graph.facebook.com/oauth/access_token")
        {
            DisplayName = "Facebook", ApiBaseUrl = "https://graph.facebook.com/", UserInfoUrl = "me?fields=id,name,email", Scope = "email public_profile",
            TokenEndpointAuthMethod = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost, ComplianceFix = ComplianceFixes.Get("facebook"),
        },
        ["slack"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access")
        {
            DisplayName = "Slack", ApiBaseUrl = "https://slack.com/api/", UserInfoUrl = "users.identity",
            AuthorizeParams = [new("user_scope", "identity.basic")], ComplianceFix = ComplianceFixes.Get("slack"),
        },
        ["fitbit"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.fitbit.com/oauth2/authorize", "https://api.fitbit.com/oauth2/token")
        {
            DisplayName = "Fitbit", ApiBaseUrl = "https://api.fitbit.com/", UserInfoUrl = "1/user/-/profile.json", Scope = "profile",
            ComplianceFix = ComplianceFixes.Get("fitbit"),
        },
        ["mailchimp"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://login.mailchimp.com/oauth2/authorize", "https://login.mailchimp.com/oauth2/token")
        {
            DisplayName = "Mailchimp", ApiBaseUrl = "https://login.mailchimp.com/", UserInfoUrl = "oauth2/metadata",
            TokenEndpointAuthMethod = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost, ComplianceFix = ComplianceFixes.Get("mailchimp"),
        },
        ["twitch"] = (name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://id.twitch.tv/oauth2/authorize", "https://id.twitch.tv/oauth2/token")
        {
            DisplayName = "Twitch", ApiBaseUrl = "https://api.twitch.tv/helix/", UserInfoUrl = "users", Scope = "user:read:email",
            TokenEndpointAuthMethod = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost, ComplianceFix = ComplianceFixes.Get("twitch"),
            RevocationUrl = "https://id.twitch.tv/oauth2/revoke",
        },
        ["x"] = (name, id, secret) => new OAuth1ProviderDefinition(name, id, secret,
            "https://api.x.com/oauth/request_token", "https://api.x.com/oauth/authenticate", "https://api.x.com/oauth/access_token")
        {
            DisplayName = "X", ApiBaseUrl = "https://api.x.com/1.1/", UserInfoUrl = "account/verify_credentials.json",
        },
    };

    /// <summary>The names of every preset.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>True when a preset named <paramref name="preset"/> exists.</summary>
    public static bool Exists(string preset) => ByName.ContainsKey(preset);

    /// <summary>
    /// The preset's definition under <paramref name="name"/>, with the given credentials; adjust it with
    /// <c>with { ... }</c>. An unknown preset throws with the list of known ones.
    /// </summary>
    /// <example><c>ProviderPresets.Create("github", "github", clientId, clientSecret)</c></example>
    public static ProviderDefinition Create(string preset, string name, string clientId, string? clientSecret) =>
        ByName.TryGetValue(preset, out var factory)
            ? factory(name, clientId, clientSecret)
            : throw new ArgumentException($"Unknown provider preset '{preset}'. Known presets: {string.Join(", ", ByName.Keys)}.", nameof(preset));
}
