using System.Text.Json;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.Providers;

/// <summary>
/// Every preset is usable by name with a client id and secret (plus the documented parameters of per-tenant
/// ones), and each one's claim map or discovery works on the provider's documented response shapes
/// (documents/*.json, sources in documents/SOURCES.md).
/// </summary>
public sealed class PresetTests
{
    private static readonly string[] Discovery = ["google", "microsoft", "entra", "apple", "okta", "auth0", "keycloak", "gitlab", "linkedin", "oidc"];
    private static readonly string[] PlainOAuth2 = ["github", "discord", "slack", "reddit", "dropbox", "spotify", "twitch", "strava", "fitbit", "mailchimp", "facebook", "x-oauth2"];
    private static readonly string[] OAuth1 = ["x"];

    public static TheoryData<string> AllPresets() => new(ProviderPresets.Names);

    [Fact]
    public void Catalog_has_at_least_twenty_presets_and_exactly_the_documented_ones()
    {
        Assert.True(ProviderPresets.Names.Count >= 20);
        Assert.Equal(Discovery.Concat(PlainOAuth2).Concat(OAuth1).Order(StringComparer.Ordinal), ProviderPresets.Names.Order(StringComparer.Ordinal));
        Assert.True(ProviderPresets.Exists("ENTRA"));
        Assert.False(ProviderPresets.Exists("myspace"));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Preset_is_usable_by_name_with_only_id_and_secret_and_its_definition_is_complete(string preset)
    {
        var provider = ProviderPresets.Create(preset, "login", "client-id", "client-secret", PresetArguments.For(preset));

        Assert.Equal(("login", "client-id", "client-secret"), (provider.Name, provider.ClientId, provider.ClientSecret));
        Assert.False(string.IsNullOrWhiteSpace(provider.DisplayName));
        AssertHttpsOrNull(provider.ApiBaseUrl, preset);
        if (provider.UserInfoUrl is { } userInfo)
        {
            AssertHttps(provider.ResolveApiUrl(userInfo), preset);
        }

        if (Discovery.Contains(preset))
        {
            var oidc = Assert.IsType<OAuth2ProviderDefinition>(provider);
            Assert.Equal((string.Empty, string.Empty), (oidc.AuthorizeUrl, oidc.AccessTokenUrl));
            AssertHttps(oidc.ServerMetadataUrl, preset);
            Assert.EndsWith(OidcDiscovery.WellKnownPath, oidc.ServerMetadataUrl, StringComparison.Ordinal);
            Assert.DoesNotContain("{", oidc.ServerMetadataUrl, StringComparison.Ordinal);
            Assert.True(oidc.IsOpenIdConnect, preset);
            Assert.True(oidc.RequiresDiscovery, preset);
            AssertHttpsOrNull(oidc.RevocationUrl, preset);
            return;
        }

        AssertHttps(provider.AuthorizeUrl, preset);
        AssertHttps(provider.AccessTokenUrl, preset);
        Assert.NotNull(provider.UserInfoUrl);
        Assert.True(provider.ClaimMap.ContainsKey("sub"), preset);
        if (provider is OAuth2ProviderDefinition oauth2)
        {
            Assert.Null(oauth2.ServerMetadataUrl);
            Assert.False(oauth2.IsOpenIdConnect, preset);
            AssertHttpsOrNull(oauth2.RevocationUrl, preset);
        }
        else
        {
            Assert.Contains(preset, OAuth1);
            AssertHttps(Assert.IsType<OAuth1ProviderDefinition>(provider).RequestTokenUrl, preset);
        }
    }

    [Theory]
    [InlineData("okta", "domain")]
    [InlineData("auth0", "domain")]
    [InlineData("keycloak", "domain")]
    [InlineData("oidc", "authority")]
    public void Per_tenant_preset_without_its_parameter_throws_naming_it(string preset, string parameter)
    {
        var withoutParameters = Assert.Throws<ArgumentException>(() => ProviderPresets.Create(preset, "p", "id", "secret"));
        var empty = Assert.Throws<ArgumentException>(() => ProviderPresets.Create(preset, "p", "id", "secret", new Dictionary<string, string> { [parameter] = " " }));

        Assert.Contains($"'{parameter}'", withoutParameters.Message, StringComparison.Ordinal);
        Assert.Contains($"'{parameter}'", empty.Message, StringComparison.Ordinal);
        Assert.Contains(parameter, ProviderPresets.ParametersOf(preset));
    }

    [Fact]
    public void Keycloak_needs_its_realm_too_and_escapes_it_as_one_path_segment()
    {
        var missing = Assert.Throws<ArgumentException>(() => ProviderPresets.Create("keycloak", "k", "id", "s", new Dictionary<string, string> { ["domain"] = "sso.example.com" }));
        var escaped = (OAuth2ProviderDefinition)ProviderPresets.Create("keycloak", "k", "id", "s",
            new Dictionary<string, string> { ["Domain"] = "sso.example.com:8443", ["REALM"] = "a/b c" });

        Assert.Contains("'realm'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("https://sso.example.com:8443/realms/a%2Fb%20c/.well-known/openid-configuration", escaped.ServerMetadataUrl);
        Assert.Equal(["domain", "realm"], ProviderPresets.ParametersOf("keycloak"));
        Assert.Empty(ProviderPresets.ParametersOf("github"));
    }

    [Theory]
    [InlineData("https://dev-123456.okta.com/", "https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration")]
    [InlineData("dev-123456.okta.com", "https://dev-123456.okta.com/oauth2/default/.well-known/openid-configuration")]
    public void Okta_domain_may_be_given_with_its_scheme(string domain, string metadataUrl)
    {
        var okta = (OAuth2ProviderDefinition)ProviderPresets.Create("okta", "okta", "id", "s", new Dictionary<string, string> { ["domain"] = domain });

        Assert.Equal(metadataUrl, okta.ServerMetadataUrl);
    }

    [Theory]
    [InlineData("okta", "domain", "evil.example/path?x=1")]
    [InlineData("auth0", "domain", "user@evil.example")]
    [InlineData("oidc", "authority", "http://login.example.com")]
    [InlineData("oidc", "authority", "login.example.com")]
    [InlineData("oidc", "authority", "https://login.example.com/?tenant=1")]
    public void Malformed_parameter_throws_naming_it(string preset, string parameter, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ProviderPresets.Create(preset, "p", "id", "s", new Dictionary<string, string> { [parameter] = value }));

        Assert.Contains($"'{parameter}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_oidc_preset_accepts_a_loopback_http_authority_and_trims_its_slash()
    {
        var local = (OAuth2ProviderDefinition)ProviderPresets.Create("oidc", "dev", "id", "s", new Dictionary<string, string> { ["authority"] = "http://localhost:5005/" });

        Assert.Equal("http://localhost:5005/.well-known/openid-configuration", local.ServerMetadataUrl);
    }

    [Fact]
    public void Entra_is_an_alias_of_microsoft()
    {
        var entra = ProviderPresets.Create("entra", "ms", "id", "s");
        var microsoft = ProviderPresets.Create("microsoft", "ms", "id", "s");

        Assert.Equal(((OAuth2ProviderDefinition)microsoft).ServerMetadataUrl, ((OAuth2ProviderDefinition)entra).ServerMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", ((OAuth2ProviderDefinition)entra).ServerMetadataUrl);
    }

    [Theory]
    [InlineData("github", "github.user.json", "1", new[] { "preferred_username=octocat", "name=monalisa octocat", "email=octocat@github.com", "picture=https://github.com/images/error/octocat_happy.gif" })]
    [InlineData("discord", "discord.users_me.json", "80351110224678912", new[] { "preferred_username=nelly", "name=Nelly", "email=nelly@discord.com" })]
    [InlineData("slack", "slack.users_identity.json", "U0G9QF9C6", new[] { "name=Sonny Whether", "email=bobby@slack.com", "picture=https://cdn.example.com/sonny_192.jpg" })]
    [InlineData("reddit", "reddit.me.json", "abc12", new[] { "preferred_username=example_user", "picture=https://styles.redditmedia.com/t5_abc12/styles/profileIcon_snoo.png" })]
    [InlineData("dropbox", "dropbox.get_current_account.json", "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", new[] { "name=Franz Ferdinand (Personal)", "email=franz@dropbox.com" })]
    [InlineData("spotify", "spotify.me.json", "wizzler", new[] { "name=JM Wizzler", "email=email@example.com", "picture=https://i.scdn.co/image/ab67616d00001e02ff9ca10b55ce82ae553c8228" })]
    [InlineData("twitch", "twitch.users.json", "141981764", new[] { "preferred_username=twitchdev", "name=TwitchDev", "email=not-real@email.com" })]
    [InlineData("strava", "strava.athlete.json", "1234567890987654321", new[] { "preferred_username=marianne_t", "picture=https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg" })]
    [InlineData("fitbit", "fitbit.profile.json", "GGNJL9", new[] { "name=Fitbit U.", "picture=https://static0.fitbit.com/images/profile/defaultProfile_100.png" })]
    [InlineData("mailchimp", "mailchimp.metadata.json", "42", new[] { "name=Freddie's Jokes", "email=freddie@example.com", "preferred_username=freddie" })]
    [InlineData("facebook", "facebook.me.json", "10153000000000000", new[] { "name=Jane Doe", "email=jane.doe@example.com", "picture=https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=10153000000000000&height=50&width=50" })]
    [InlineData("x-oauth2", "x.users_me.json", "2244994945", new[] { "preferred_username=TwitterDev", "name=X Dev", "picture=https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_normal.jpg" })]
    [InlineData("x", "x.verify_credentials.json", "6253282", new[] { "preferred_username=TwitterAPI", "name=Twitter API", "picture=https://pbs.twimg.com/profile_images/942858479592554497/BbazLO9L_normal.jpg" })]
    public void Documented_user_info_identifies_the_user_through_the_claim_map(string preset, string document, string subject, string[] claims)
    {
        var provider = ProviderPresets.Create(preset, preset, "client-id", "client-secret");
        OAuthToken token = provider is OAuth1ProviderDefinition ? new OAuth1Token("token", "token-secret") : new OAuth2Token("access", "Bearer");
        using var json = JsonDocument.Parse(File.ReadAllText(Documents.Path(document)));

        var result = IdentityResolver.Resolve(provider, token, null, json.RootElement);

        var identity = Assert.IsType<LoginIdentity>(result.Identity);
        Assert.Equal(IdentityError.None, result.Error);
        Assert.Equal((preset, subject), (identity.Provider, identity.Subject));
        Assert.False(identity.FromIdToken);
        Assert.Contains(new KeyValuePair<string, string>("sub", subject), identity.Claims);
        foreach (var claim in claims.Select(c => c.Split('=', 2)))
        {
            Assert.Contains(new KeyValuePair<string, string>(claim[0], claim[1]), identity.Claims);
        }
    }

    [Fact]
    public void Github_identity_has_githubs_rfc9207_issuer_and_others_their_token_endpoint_origin()
    {
        using var github = JsonDocument.Parse(File.ReadAllText(Documents.Path("github.user.json")));
        using var spotify = JsonDocument.Parse(File.ReadAllText(Documents.Path("spotify.me.json")));

        var gh = IdentityResolver.Resolve(ProviderPresets.Create("github", "github", "id", "s"), new OAuth2Token("a", "Bearer"), null, github.RootElement);
        var sp = IdentityResolver.Resolve(ProviderPresets.Create("spotify", "spotify", "id", "s"), new OAuth2Token("a", "Bearer"), null, spotify.RootElement);

        Assert.Equal("https://github.com/login/oauth", gh.Identity!.Issuer);
        Assert.Equal("https://accounts.spotify.com", sp.Identity!.Issuer);
    }

    [Fact]
    public void X_oauth1_identifies_the_user_from_the_access_token_response_when_there_is_no_user_info()
    {
        var x = ProviderPresets.Create("x", "x", "consumer-key", "consumer-secret");
        var token = OAuth1Flow.ReadAccessToken(Documents.Response("x.access_token.http")).Token;

        var result = IdentityResolver.Resolve(x, Assert.IsType<OAuth1Token>(token), null, null);

        var identity = Assert.IsType<LoginIdentity>(result.Identity);
        Assert.Equal("6253282", identity.Subject);
        Assert.Contains(new KeyValuePair<string, string>("preferred_username", "twitterapi"), identity.Claims);
    }

    [Fact]
    public void User_info_without_the_mapped_subject_is_a_typed_failure()
    {
        using var json = JsonDocument.Parse("""{"data":[]}""");

        var result = IdentityResolver.Resolve(ProviderPresets.Create("twitch", "twitch", "id", "s"), new OAuth2Token("a", "Bearer"), null, json.RootElement);

        Assert.Null(result.Identity);
        Assert.Equal(IdentityError.SubjectUnavailable, result.Error);
        Assert.Contains("data.0.id", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("google", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token", "https://accounts.google.com",
        "https://openidconnect.googleapis.com/v1/userinfo", "client_secret_basic", new[] { "RS256" })]
    [InlineData("microsoft", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        "https://login.microsoftonline.com/{tenantid}/v2.0", "https://graph.microsoft.com/oidc/userinfo", "client_secret_basic", new[] { "RS256" })]
    [InlineData("apple", "https://appleid.apple.com/auth/authorize", "https://appleid.apple.com/auth/token", "https://appleid.apple.com",
        null, "client_secret_post", new[] { "RS256" })]
    [InlineData("gitlab", "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token", "https://gitlab.com",
        "https://gitlab.com/oauth/userinfo", "client_secret_basic", new[] { "RS256" })]
    [InlineData("linkedin", "https://www.linkedin.com/oauth/v2/authorization", "https://www.linkedin.com/oauth/v2/accessToken", "https://www.linkedin.com/oauth",
        "https://api.linkedin.com/v2/userinfo", "client_secret_post", new[] { "RS256" })]
    [InlineData("okta", "https://dev-123456.okta.com/oauth2/default/v1/authorize", "https://dev-123456.okta.com/oauth2/default/v1/token", "https://dev-123456.okta.com/oauth2/default",
        "https://dev-123456.okta.com/oauth2/default/v1/userinfo", "client_secret_basic", new[] { "RS256" })]
    [InlineData("auth0", "https://example-tenant.us.auth0.com/authorize", "https://example-tenant.us.auth0.com/oauth/token", "https://example-tenant.us.auth0.com/",
        "https://example-tenant.us.auth0.com/userinfo", "client_secret_basic", new[] { "RS256", "PS256" })]
    public void Documented_metadata_completes_the_discovery_preset(
        string preset, string authorize, string token, string issuer, string? userInfo, string authMethod, string[] algorithms)
    {
        var discovered = Discover(preset, preset);

        Assert.Null(discovered.Error);
        var provider = Assert.IsType<OAuth2ProviderDefinition>(discovered.Provider);
        Assert.Equal((authorize, token, issuer), (provider.AuthorizeUrl, provider.AccessTokenUrl, provider.Issuer));
        Assert.Equal(userInfo, provider.UserInfoUrl);
        Assert.Equal(authMethod, provider.TokenEndpointAuthMethod);
        Assert.Equal(algorithms, provider.IdTokenSigningAlgorithms);
        Assert.False(provider.RequireIssuer);
        Assert.False(provider.RequiresDiscovery);
        AssertHttps(provider.JwksUri, preset);
    }

    [Theory]
    [InlineData("keycloak")]
    [InlineData("oidc")]
    public void Keycloak_metadata_requires_the_rfc9207_iss_and_drops_hmac_and_none_algorithms(string preset)
    {
        var provider = Assert.IsType<OAuth2ProviderDefinition>(Discover(preset, "keycloak").Provider);

        Assert.Equal("https://sso.example.com/realms/myrealm/protocol/openid-connect/auth", provider.AuthorizeUrl);
        Assert.Equal("https://sso.example.com/realms/myrealm/protocol/openid-connect/token", provider.AccessTokenUrl);
        Assert.Equal("https://sso.example.com/realms/myrealm", provider.Issuer);
        Assert.True(provider.RequireIssuer);
        Assert.Equal("https://sso.example.com/realms/myrealm/protocol/openid-connect/revoke", provider.RevocationUrl);
        Assert.Equal("https://sso.example.com/realms/myrealm/protocol/openid-connect/token/introspect", provider.IntrospectionUrl);
        Assert.Equal(["PS384", "ES384", "RS384", "ES256", "RS256", "ES512", "PS256", "PS512", "RS512"], provider.IdTokenSigningAlgorithms);
    }

    [Fact]
    public void Entra_templated_issuer_is_accepted_and_not_required_in_callbacks()
    {
        var entra = Assert.IsType<OAuth2ProviderDefinition>(Discover("entra", "microsoft").Provider);

        Assert.Equal("https://login.microsoftonline.com/{tenantid}/v2.0", entra.Issuer);
        Assert.False(entra.RequireIssuer);
        Assert.Equal("https://login.microsoftonline.com/common/discovery/v2.0/keys", entra.JwksUri);
    }

    [Fact]
    public void Metadata_of_another_tenant_is_refused_by_the_issuer_check()
    {
        var okta = (OAuth2ProviderDefinition)ProviderPresets.Create("okta", "okta", "id", "s", new Dictionary<string, string> { ["domain"] = "other.okta.com" });
        var metadata = ProviderMetadataResponse.Read(OAuthHttpResponse.Json(200, File.ReadAllText(Documents.Path("okta.openid-configuration.json")))).Metadata!;

        var discovered = OidcDiscovery.Apply(okta, metadata);

        Assert.Null(discovered.Provider);
        Assert.Equal(ErrorKind.InvalidResponse, discovered.Error!.Kind);
    }

    [Fact]
    public void Apple_asks_for_name_and_email_with_a_form_post_callback()
    {
        var apple = Assert.IsType<OAuth2ProviderDefinition>(Discover("apple", "apple").Provider);

        Assert.Equal("openid name email", apple.Scope);
        Assert.Equal("form_post", apple.ResponseMode);
        Assert.Equal("https://appleid.apple.com/auth/revoke", apple.RevocationUrl);
    }

    [Theory]
    [InlineData("reddit", "duration", "permanent")]
    [InlineData("dropbox", "token_access_type", "offline")]
    public void Preset_sends_its_documented_authorize_parameter(string preset, string name, string value)
    {
        Assert.Contains(new KeyValuePair<string, string>(name, value), ProviderPresets.Create(preset, preset, "id", "s").AuthorizeParams);
    }

    [Fact]
    public void X_oauth2_uses_pkce_s256_and_its_documented_scopes()
    {
        var x = (OAuth2ProviderDefinition)ProviderPresets.Create("x-oauth2", "x", "id", "s");

        Assert.Equal(OAuth2Constants.CodeChallengeMethods.S256, x.CodeChallengeMethod);
        Assert.Equal("tweet.read users.read offline.access", x.Scope);
    }

    private static DiscoveredProvider Discover(string preset, string document)
    {
        var definition = (OAuth2ProviderDefinition)ProviderPresets.Create(preset, preset, "client-id", "client-secret", PresetArguments.For(preset));
        var metadata = ProviderMetadataResponse.Read(OAuthHttpResponse.Json(200, File.ReadAllText(Documents.Path($"{document}.openid-configuration.json"))));
        Assert.Null(metadata.Error);
        return OidcDiscovery.Apply(definition, metadata.Metadata!);
    }

    private static void AssertHttps(string? url, string preset)
    {
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, $"{preset}: '{url}' is not an absolute https URL");
    }

    private static void AssertHttpsOrNull(string? url, string preset)
    {
        if (url is not null)
        {
            AssertHttps(url, preset);
        }
    }

    [Fact]
    public void Twitch_API_calls_carry_the_Client_Id_header_that_Helix_requires()
    {
        var twitch = ProviderPresets.Create("twitch", "twitch", "my-twitch-client", "s");
        var request = twitch.CreateHooks().Apply(AuthActors.Protocol.Compliance.ComplianceHookPoint.ProtectedRequest,
            AuthActors.Protocol.Http.OAuthHttpRequest.Create("GET", "https://api.twitch.tv/helix/users"));
        Assert.Contains(request.Headers, h => h.Key == "Client-Id" && h.Value == "my-twitch-client");
    }

    [Fact]
    public void Dropbox_user_info_is_fetched_with_POST_as_its_API_requires() =>
        Assert.Equal("POST", ProviderPresets.Create("dropbox", "dropbox", "id", "s").UserInfoMethod);
}
