namespace AuthActors.Engine.Tests.Support;

/// <summary>Configuration, as <c>AddAuthActors</c> reads it, for hosts that log in against a DevProvider.</summary>
public static class DevSettings
{
    /// <summary>The OAuth 2 provider <c>dev2</c> of the DevProvider at <paramref name="devProviderUrl"/>, journal files in <paramref name="dataDirectory"/>.</summary>
    public static Dictionary<string, string?> OAuth2(string devProviderUrl, string dataDirectory) => new()
    {
        ["AuthActors:DataDirectory"] = dataDirectory,
        ["AuthActors:Urls:DevProvider"] = devProviderUrl,
        ["AuthActors:Providers:dev2:ClientId"] = "dev-client",
        ["AuthActors:Providers:dev2:ClientSecret"] = "dev-secret",
        ["AuthActors:Providers:dev2:AuthorizeUrl"] = "{DevProvider}/oauth2/authorize",
        ["AuthActors:Providers:dev2:AccessTokenUrl"] = "{DevProvider}/oauth2/token",
        ["AuthActors:Providers:dev2:ApiBaseUrl"] = "{DevProvider}/api/",
        ["AuthActors:Providers:dev2:UserInfoUrl"] = "user",
        ["AuthActors:Providers:dev2:Scope"] = "profile",
    };
}
