namespace AuthActors.Protocol.Providers.Presets;

/// <summary>OAuth 1.0a providers (RFC 5849).</summary>
internal static class OAuth1Presets
{
    public static void Register(IDictionary<string, PresetEntry> presets)
    {
        // verify_credentials carries id_str and screen_name; the access token response carries user_id and
        // screen_name, which identify the user when verify_credentials cannot be called.
        presets["x"] = PresetEntry.Of((name, id, secret) => new OAuth1ProviderDefinition(name, id, secret,
            "https://api.x.com/oauth/request_token", "https://api.x.com/oauth/authenticate", "https://api.x.com/oauth/access_token")
        {
            DisplayName = "X", ApiBaseUrl = "https://api.x.com/1.1/", UserInfoUrl = "account/verify_credentials.json",
            ClaimMap = OAuth2Presets.Map(("sub", "id_str|user_id"), ("preferred_username", "screen_name"), ("picture", "profile_image_url_https")),
        });
    }
}
