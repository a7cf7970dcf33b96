using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Compliance;

/// <summary>The catalog of shipped fixes and the provider presets.</summary>
public sealed class ShippedFixesAndPresetsTests
{
    [Fact]
    public void Catalog_ships_the_twelve_fixes_by_name_case_insensitively()
    {
        Assert.Equal(
            ["douban", "ebay", "facebook", "fitbit", "github", "instagram", "mailchimp", "plentymarkets", "reddit", "slack", "twitch", "weibo"],
            ComplianceFixes.Names.Order(StringComparer.Ordinal));
        Assert.Same(ComplianceFixes.Get("github"), ComplianceFixes.Get("GitHub"));
        Assert.True(ComplianceFixes.Exists("SLACK"));
        Assert.False(ComplianceFixes.Exists("myspace"));
    }

    [Fact]
    public void Unknown_fix_name_is_an_argument_exception_listing_the_known_fixes()
    {
        var error = Assert.Throws<ArgumentException>(() => ComplianceFixes.Get("myspace"));

        Assert.Contains("'myspace'", error.Message, StringComparison.Ordinal);
        foreach (var name in ComplianceFixes.Names)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_shipped_fix_registers_at_least_one_hook()
    {
        foreach (var name in ComplianceFixes.Names)
        {
            var hooks = ComplianceHooks.From(ComplianceFixes.Get(name));

            Assert.True(Enum.GetValues<ComplianceHookPoint>().Sum(hooks.Count) > 0, name);
        }
    }

    [Fact]
    public void Github_preset_is_an_oauth2_provider_with_its_endpoints_and_fix()
    {
        var github = Assert.IsType<OAuth2ProviderDefinition>(ProviderPresets.Create("github", "gh-login", "Iv1.abc", "secret-value"));

        Assert.Equal(("gh-login", "Iv1.abc", "secret-value"), (github.Name, github.ClientId, github.ClientSecret));
        Assert.Equal("https://github.com/login/oauth/authorize", github.AuthorizeUrl);
        Assert.Equal("https://github.com/login/oauth/access_token", github.AccessTokenUrl);
        Assert.Same(ComplianceFixes.Get("github"), github.ComplianceFix);
        Assert.Equal(2, github.OAuthVersion);
    }

    [Fact]
    public void X_preset_is_an_oauth1_provider_signing_with_hmac_sha1_in_the_header()
    {
        var x = Assert.IsType<OAuth1ProviderDefinition>(ProviderPresets.Create("X", "x", "ck", "cs"));

        Assert.Equal("https://api.x.com/oauth/request_token", x.RequestTokenUrl);
        Assert.Equal((OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType.Header), (x.SignatureMethod, x.SignatureType));
        Assert.Equal(1, x.OAuthVersion);
    }

    [Fact]
    public void Unknown_preset_is_an_argument_exception_listing_the_known_presets()
    {
        var error = Assert.Throws<ArgumentException>(() => ProviderPresets.Create("myspace", "m", "id", "s"));

        Assert.Contains("'myspace'", error.Message, StringComparison.Ordinal);
        foreach (var name in ProviderPresets.Names)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_preset_builds_with_https_endpoints_and_usable_hooks_and_never_prints_its_secret()
    {
        foreach (var preset in ProviderPresets.Names)
        {
            var provider = ProviderPresets.Create(preset, preset, "client-id", "TOP-SECRET-VALUE", PresetArguments.For(preset));

            // Discovery presets leave both endpoints empty for the metadata to fill (see Providers/PresetTests).
            var discovered = provider is OAuth2ProviderDefinition { ServerMetadataUrl: not null };
            Assert.True(discovered ? provider.AuthorizeUrl.Length == 0 : provider.AuthorizeUrl.StartsWith("https://", StringComparison.Ordinal), preset);
            Assert.True(discovered ? provider.AccessTokenUrl.Length == 0 : provider.AccessTokenUrl.StartsWith("https://", StringComparison.Ordinal), preset);
            Assert.NotNull(provider.CreateHooks());
            Assert.DoesNotContain("TOP-SECRET-VALUE", provider.ToString(), StringComparison.Ordinal);
        }
    }
}
