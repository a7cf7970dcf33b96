using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth2;

namespace AuthActors.Protocol.Providers.Presets;

/// <summary>
/// Plain OAuth 2 providers: explicit endpoints, a user info URL, and the claim map that finds the subject and
/// the standard claims in that provider's user info.
/// </summary>
internal static class OAuth2Presets
{
    private const string Post = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost;

    public static void Register(IDictionary<string, PresetEntry> presets)
    {
        // GitHub supports RFC 9207: its callbacks carry iss=https://github.com/login/oauth.
        presets["github"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token")
        {
            DisplayName = "GitHub", ApiBaseUrl = "https://api.github.com/", UserInfoUrl = "user", Scope = "read:user user:email",
            ComplianceFix = ComplianceFixes.Get("github"), Issuer = "https://github.com/login/oauth",
            ClaimMap = Map(("sub", "id"), ("preferred_username", "login"), ("picture", "avatar_url")),
        });

        presets["discord"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://discord.com/oauth2/authorize", "https://discord.com/api/oauth2/token")
        {
            DisplayName = "Discord", ApiBaseUrl = "https://discord.com/api/", UserInfoUrl = "users/@me", Scope = "identify email",
            RevocationUrl = "https://discord.com/api/oauth2/token/revoke",
            ClaimMap = Map(("sub", "id"), ("preferred_username", "username"), ("name", "global_name")),
        });

        // users.identity: {"ok":true,"user":{"id","name","email"},"team":{"id"}}. A Slack user id is unique within its workspace.
        presets["slack"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access")
        {
            DisplayName = "Slack", ApiBaseUrl = "https://slack.com/api/", UserInfoUrl = "users.identity",
            AuthorizeParams = [new("user_scope", "identity.basic,identity.email,identity.avatar")], ComplianceFix = ComplianceFixes.Get("slack"),
            ClaimMap = Map(("sub", "user.id"), ("name", "user.name"), ("email", "user.email"), ("picture", "user.image_192")),
        });

        // Reddit refuses calls without a descriptive User-Agent (the "reddit" fix sets one) and answers API calls on oauth.reddit.com.
        presets["reddit"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.reddit.com/api/v1/authorize", "https://www.reddit.com/api/v1/access_token")
        {
            DisplayName = "Reddit", ApiBaseUrl = "https://oauth.reddit.com/", UserInfoUrl = "api/v1/me", Scope = "identity",
            AuthorizeParams = [new("duration", "permanent")], RevocationUrl = "https://www.reddit.com/api/v1/revoke_token",
            ComplianceFix = ComplianceFixes.Get("reddit"),
            ClaimMap = Map(("sub", "id"), ("preferred_username", "name"), ("picture", "icon_img")),
        });

        // Dropbox documents users/get_current_account as a POST (an RPC endpoint without arguments).
        presets["dropbox"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.dropbox.com/oauth2/authorize", "https://api.dropboxapi.com/oauth2/token")
        {
            DisplayName = "Dropbox", ApiBaseUrl = "https://api.dropboxapi.com/2/", UserInfoUrl = "users/get_current_account", UserInfoMethod = "POST",
            Scope = "account_info.read", AuthorizeParams = [new("token_access_type", "offline")],
            ClaimMap = Map(("sub", "account_id"), ("name", "name.display_name"), ("picture", "profile_photo_url")),
        });

        presets["spotify"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://accounts.spotify.com/authorize", "https://accounts.spotify.com/api/token")
        {
            DisplayName = "Spotify", ApiBaseUrl = "https://api.spotify.com/v1/", UserInfoUrl = "me", Scope = "user-read-private user-read-email",
            ClaimMap = Map(("sub", "id"), ("name", "display_name"), ("picture", "images.0.url")),
        });

        // Helix answers /users with {"data":[{...}]}.
        presets["twitch"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://id.twitch.tv/oauth2/authorize", "https://id.twitch.tv/oauth2/token")
        {
            DisplayName = "Twitch", ApiBaseUrl = "https://api.twitch.tv/helix/", UserInfoUrl = "users", Scope = "user:read:email",
            TokenEndpointAuthMethod = Post, ComplianceFix = id.Length > 0 ? Compliance.Fixes.TwitchComplianceFix.WithClientId(id) : ComplianceFixes.Get("twitch"),
            RevocationUrl = "https://id.twitch.tv/oauth2/revoke",
            ClaimMap = Map(("sub", "data.0.id"), ("preferred_username", "data.0.login"), ("name", "data.0.display_name"),
                ("email", "data.0.email"), ("picture", "data.0.profile_image_url")),
        });

        // Strava also returns the athlete inside the token response; the identity comes from /athlete.
        presets["strava"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.strava.com/oauth/authorize", "https://www.strava.com/oauth/token")
        {
            DisplayName = "Strava", ApiBaseUrl = "https://www.strava.com/api/v3/", UserInfoUrl = "athlete", Scope = "read",
            TokenEndpointAuthMethod = Post,
            ClaimMap = Map(("sub", "id"), ("preferred_username", "username"), ("picture", "profile")),
        });

        presets["fitbit"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.fitbit.com/oauth2/authorize", "https://api.fitbit.com/oauth2/token")
        {
            DisplayName = "Fitbit", ApiBaseUrl = "https://api.fitbit.com/", UserInfoUrl = "1/user/-/profile.json", Scope = "profile",
            ComplianceFix = ComplianceFixes.Get("fitbit"), RevocationUrl = "https://api.fitbit.com/oauth2/revoke",
            ClaimMap = Map(("sub", "user.encodedId"), ("name", "user.displayName"), ("picture", "user.avatar")),
        });

        presets["mailchimp"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://login.mailchimp.com/oauth2/authorize", "https://login.mailchimp.com/oauth2/token")
        {
            DisplayName = "Mailchimp", ApiBaseUrl = "https://login.mailchimp.com/", UserInfoUrl = "oauth2/metadata",
            TokenEndpointAuthMethod = Post, ComplianceFix = ComplianceFixes.Get("mailchimp"),
            ClaimMap = Map(("sub", "user_id"), ("name", "accountname"), ("email", "login.login_email"), ("preferred_username", "login.login_name")),
        });

        presets["facebook"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://www.facebook.com/dialog/oauth", "https://graph.facebook.com/oauth/access_token")
        {
            DisplayName = "Facebook", ApiBaseUrl = "https://graph.facebook.com/", UserInfoUrl = "me?fields=id,name,email,picture",
            Scope = "email public_profile", TokenEndpointAuthMethod = Post, ComplianceFix = ComplianceFixes.Get("facebook"),
            ClaimMap = Map(("sub", "id"), ("picture", "picture.data.url")),
        });

        // X's OAuth 2 (the OAuth 1.0a flow is the "x" preset): PKCE with S256 is mandatory.
        presets["x-oauth2"] = PresetEntry.Of((name, id, secret) => new OAuth2ProviderDefinition(name, id, secret,
            "https://x.com/i/oauth2/authorize", "https://api.x.com/2/oauth2/token")
        {
            DisplayName = "X", ApiBaseUrl = "https://api.x.com/2/", UserInfoUrl = "users/me?user.fields=profile_image_url",
            Scope = "tweet.read users.read offline.access", CodeChallengeMethod = OAuth2Constants.CodeChallengeMethods.S256,
            RevocationUrl = "https://api.x.com/2/oauth2/revoke",
            ClaimMap = Map(("sub", "data.id"), ("preferred_username", "data.username"), ("name", "data.name"), ("picture", "data.profile_image_url")),
        });
    }

    internal static Dictionary<string, string> Map(params (string Claim, string Path)[] entries) =>
        entries.ToDictionary(e => e.Claim, e => e.Path, StringComparer.Ordinal);
}
