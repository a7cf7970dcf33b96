using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Hosting;
using AuthActors.Protocol.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthActors.Engine.Tests;

/// <summary>AddAuthActors: providers from configuration alone, validated on start with clear messages.</summary>
public sealed class HostingTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthActors:DataDirectory"] = Path.Combine(Path.GetTempPath(), "authactors-hosting", Guid.NewGuid().ToString("N")),
            ["AuthActors:Persistence:Provider"] = "InMemory",
        });
        builder.Services.AddAuthActors(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task Invalid_provider_configuration_fails_on_start_naming_each_problem()
    {
        using var host = Build(new()
        {
            ["AuthActors:Providers:broken:ClientId"] = "id",
            ["AuthActors:Providers:broken:AccessTokenUrl"] = "not a url",
            ["AuthActors:Providers:broken:TokenEndpointAuthMethod"] = "client_secret_magic",
            ["AuthActors:Providers:nosecret:ClientId"] = "id",
            ["AuthActors:Providers:nosecret:AuthorizeUrl"] = "https://p.example/a",
            ["AuthActors:Providers:nosecret:AccessTokenUrl"] = "https://p.example/t",
            ["AuthActors:Providers:typo:Preset"] = "githubb",
            ["AuthActors:Providers:typo:ClientId"] = "id",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var message = string.Join("\n", ex.Failures);
        Assert.Contains("Provider 'broken': AuthorizeUrl is missing", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'broken': AccessTokenUrl 'not a url' is not an absolute http(s) URL", message, StringComparison.Ordinal);
        Assert.Contains("unknown TokenEndpointAuthMethod 'client_secret_magic'", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'nosecret': ClientSecret is missing (set AuthActors__Providers__nosecret__ClientSecret", message, StringComparison.Ordinal);
        Assert.Contains("unknown preset 'githubb'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_provider_defined_by_urls_or_preset_is_available_without_code()
    {
        using var host = Build(new()
        {
            ["AuthActors:Providers:github:Preset"] = "github",
            ["AuthActors:Providers:github:ClientId"] = "id",
            ["AuthActors:Providers:github:ClientSecret"] = "from-the-environment",
            ["AuthActors:Providers:legacy:ClientId"] = "key",
            ["AuthActors:Providers:legacy:ClientSecret"] = "secret",
            ["AuthActors:Providers:legacy:RequestTokenUrl"] = "https://legacy.example/rt",
            ["AuthActors:Providers:legacy:AuthorizeUrl"] = "https://legacy.example/auth",
            ["AuthActors:Providers:legacy:AccessTokenUrl"] = "https://legacy.example/at",
        });
        await host.StartAsync();
        try
        {
            var providers = host.Services.GetRequiredService<IAuthFlows>().Providers;
            Assert.Equal([("github", "GitHub", 2), ("legacy", "legacy", 1)], providers.Select(p => (p.Name, p.DisplayName, p.OAuthVersion)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task An_openid_scope_without_metadata_or_keys_is_refused_on_start()
    {
        using var host = Build(new()
        {
            ["AuthActors:Providers:unverifiable:ClientId"] = "id",
            ["AuthActors:Providers:unverifiable:ClientSecret"] = "s",
            ["AuthActors:Providers:unverifiable:AuthorizeUrl"] = "https://op.example/a",
            ["AuthActors:Providers:unverifiable:AccessTokenUrl"] = "https://op.example/t",
            ["AuthActors:Providers:unverifiable:Scope"] = "openid email",
            ["AuthActors:Providers:legacy:ClientId"] = "key",
            ["AuthActors:Providers:legacy:ClientSecret"] = "secret",
            ["AuthActors:Providers:legacy:RequestTokenUrl"] = "https://legacy.example/rt",
            ["AuthActors:Providers:legacy:ServerMetadataUrl"] = "https://legacy.example/.well-known/openid-configuration",
        });

        var message = string.Join("\n", (await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())).Failures);
        Assert.Contains("Provider 'unverifiable': the scope asks for openid, so id_tokens must be verified", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'legacy': an OAuth 1 provider has no discovery", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_OpenID_provider_needs_only_its_metadata_url_or_authority_and_starts_without_fetching_it()
    {
        // The metadata host does not exist: discovery is lazy, so the host starts and the provider is listed.
        using var host = Build(new()
        {
            ["AuthActors:Providers:byurl:ClientId"] = "id",
            ["AuthActors:Providers:byurl:ClientSecret"] = "s",
            ["AuthActors:Providers:byurl:ServerMetadataUrl"] = "http://127.0.0.1:9/.well-known/openid-configuration",
            ["AuthActors:Providers:byurl:Scope"] = "openid",
            ["AuthActors:Providers:byauthority:ClientId"] = "id",
            ["AuthActors:Providers:byauthority:ClientSecret"] = "s",
            ["AuthActors:Providers:byauthority:Authority"] = "http://127.0.0.1:9/tenant",
            ["AuthActors:Providers:byauthority:Scope"] = "openid",
        });
        await host.StartAsync();
        try
        {
            Assert.Equal(["byauthority", "byurl"], host.Services.GetRequiredService<IAuthFlows>().Providers.Select(p => p.Name));
            var begun = await host.Services.GetRequiredService<IAuthFlows>().BeginAsync("byauthority", "http://127.0.0.1:5000/cb");
            Assert.Equal(AuthActors.Engine.Attempts.FailureReason.DiscoveryFailed, begun.Failure?.Reason);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Insecure_endpoints_and_weak_PKCE_are_refused_on_start_naming_each_problem()
    {
        using var host = Build(new()
        {
            ["AuthActors:Providers:cleartext:ClientId"] = "id",
            ["AuthActors:Providers:cleartext:ClientSecret"] = "s",
            ["AuthActors:Providers:cleartext:AuthorizeUrl"] = "http://idp.example/authorize",
            ["AuthActors:Providers:cleartext:AccessTokenUrl"] = "https://idp.example/token",
            ["AuthActors:Providers:plaintext:ClientId"] = "k",
            ["AuthActors:Providers:plaintext:ClientSecret"] = "s",
            ["AuthActors:Providers:plaintext:RequestTokenUrl"] = "http://127.0.0.1:9/rt",
            ["AuthActors:Providers:plaintext:AuthorizeUrl"] = "http://127.0.0.1:9/auth",
            ["AuthActors:Providers:plaintext:AccessTokenUrl"] = "http://127.0.0.1:9/at",
            ["AuthActors:Providers:plaintext:SignatureMethod"] = "PLAINTEXT",
            ["AuthActors:Providers:public:ClientId"] = "id",
            ["AuthActors:Providers:public:AuthorizeUrl"] = "https://idp.example/authorize",
            ["AuthActors:Providers:public:AccessTokenUrl"] = "https://idp.example/token",
            ["AuthActors:Providers:public:TokenEndpointAuthMethod"] = "none",
            ["AuthActors:Providers:public:CodeChallengeMethod"] = "none",
            ["AuthActors:Providers:plainpkce:ClientId"] = "id",
            ["AuthActors:Providers:plainpkce:ClientSecret"] = "s",
            ["AuthActors:Providers:plainpkce:AuthorizeUrl"] = "https://idp.example/authorize",
            ["AuthActors:Providers:plainpkce:AccessTokenUrl"] = "https://idp.example/token",
            ["AuthActors:Providers:plainpkce:CodeChallengeMethod"] = "plain",
        });

        var message = string.Join("\n", (await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())).Failures);
        Assert.Contains("Provider 'cleartext': AuthorizeUrl 'http://idp.example/authorize' is not https", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'plaintext': PLAINTEXT sends the secrets as they are, so it needs https", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'public': CodeChallengeMethod 'none' is refused for a public client or an openid scope", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'plainpkce': CodeChallengeMethod 'plain' needs PkcePlainReason", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_to_another_host_is_allowed_only_by_the_development_flag()
    {
        using var host = Build(new()
        {
            ["AuthActors:AllowInsecureHttp"] = "true",
            ["AuthActors:Providers:devbox:ClientId"] = "id",
            ["AuthActors:Providers:devbox:ClientSecret"] = "s",
            ["AuthActors:Providers:devbox:AuthorizeUrl"] = "http://devprovider:5100/oauth2/authorize",
            ["AuthActors:Providers:devbox:AccessTokenUrl"] = "http://devprovider:5100/oauth2/token",
            ["AuthActors:Providers:devbox:CodeChallengeMethod"] = "plain",
            ["AuthActors:Providers:devbox:PkcePlainReason"] = "the dev box speaks only plain",
        });
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_field_is_validated_before_a_definition_is_returned()
    {
        // Each provider is otherwise valid: the one bad field alone must keep it from being built.
        var settings = new Dictionary<string, string?>();
        foreach (var (provider, field, value) in new[]
                 {
                     ("badissuer", "Issuer", "http://idp.example"), ("badrevocation", "RevocationUrl", "revoke"),
                     ("badmode", "ResponseMode", "fragment"), ("badinfo", "UserInfoUrl", "http://api.example/me"),
                     ("unknownurl", "AuthorizeUrl", "{Idp}/authorize"),
                 })
        {
            settings[$"AuthActors:Providers:{provider}:ClientId"] = "id";
            settings[$"AuthActors:Providers:{provider}:ClientSecret"] = "s";
            settings[$"AuthActors:Providers:{provider}:AuthorizeUrl"] = "https://idp.example/authorize";
            settings[$"AuthActors:Providers:{provider}:AccessTokenUrl"] = "https://idp.example/token";
            settings[$"AuthActors:Providers:{provider}:{field}"] = value;
        }

        using var host = Build(settings);

        var message = string.Join("\n", (await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())).Failures);
        Assert.Contains("Provider 'badissuer': Issuer 'http://idp.example' is not https", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'badrevocation': RevocationUrl 'revoke' is not an absolute http(s) URL", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'badmode': unknown ResponseMode 'fragment'", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'badinfo': UserInfoUrl 'http://api.example/me' is not https", message, StringComparison.Ordinal);
        Assert.Contains("Provider 'unknownurl': AuthorizeUrl uses {Idp} but AuthActors:Urls:Idp is not set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_base_urls_stand_for_their_value_in_provider_urls()
    {
        using var host = Build(new()
        {
            ["AuthActors:Urls:Idp"] = "https://idp.example/tenant/",
            ["AuthActors:Providers:named:ClientId"] = "id",
            ["AuthActors:Providers:named:ClientSecret"] = "s",
            ["AuthActors:Providers:named:AuthorizeUrl"] = "{Idp}/authorize",
            ["AuthActors:Providers:named:AccessTokenUrl"] = "{Idp}/token",
        });
        await host.StartAsync();
        try
        {
            var begun = await host.Services.GetRequiredService<IAuthFlows>().BeginAsync("named", "http://127.0.0.1:5000/cb");
            Assert.StartsWith("https://idp.example/tenant/authorize?", begun.AuthorizeUrl, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Attempt_ids_lead_with_the_hosts_clock_so_logins_begun_later_sort_later_and_stay_well_formed_states()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthActors:DataDirectory"] = Path.Combine(Path.GetTempPath(), "authactors-hosting", Guid.NewGuid().ToString("N")),
            ["AuthActors:Persistence:Provider"] = "InMemory",
            ["AuthActors:Providers:ordered:ClientId"] = "id",
            ["AuthActors:Providers:ordered:ClientSecret"] = "s",
            ["AuthActors:Providers:ordered:AuthorizeUrl"] = "https://idp.example/authorize",
            ["AuthActors:Providers:ordered:AccessTokenUrl"] = "https://idp.example/token",
        });
        builder.Services.AddAuthActors(builder.Configuration).WithClock(clock);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var flows = host.Services.GetRequiredService<IAuthFlows>();
            var ids = new List<string>();
            foreach (var step in new[] { 0, 0, 1, 1_000, 86_400_000 })
            {
                clock.Now = clock.Now.AddMilliseconds(step);
                var begun = await flows.BeginAsync("ordered", "http://127.0.0.1:5000/cb");
                Assert.Null(begun.Failure);
                Assert.True(AuthorizationAttempt.IsWellFormedId(begun.AttemptId), begun.AttemptId);
                Assert.Equal(begun.AttemptId, begun.State);
                Assert.Contains("state=" + begun.AttemptId, begun.AuthorizeUrl, StringComparison.Ordinal);
                Assert.Equal(RandomTokens.TimeOrdered(CryptoRandomSource.Instance, clock.Now, 26)[..8], begun.AttemptId[..8]);
                ids.Add(begun.AttemptId);
            }

            // The two of one millisecond share their time and differ after it; each later millisecond sorts later.
            Assert.Equal(ids[0][..8], ids[1][..8]);
            Assert.NotEqual(ids[0], ids[1]);
            Assert.Equal(ids.Skip(1).ToList(), ids.Skip(1).Order(StringComparer.Ordinal).ToList());
            Assert.All(ids.Skip(2), id => Assert.True(string.CompareOrdinal(ids[0], id) < 0 && string.CompareOrdinal(ids[1], id) < 0));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
