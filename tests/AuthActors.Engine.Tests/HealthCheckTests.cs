using Akka.Actor;
using Akka.Actor.Setup;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Tests.Support;
using AuthActors.Hosting;
using AuthActors.Hosting.Composition;
using AuthActors.Hosting.Health;
using AuthActors.Hosting.Persistence;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthActors.Engine.Tests;

/// <summary>The readiness checks: the journal probe and the OpenID discovery check.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task The_journal_check_is_healthy_when_the_journal_answers()
    {
        var result = await EngineHealthChecks.JournalAsync(_engine.System!, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task The_journal_check_is_unhealthy_when_the_database_cannot_be_opened()
    {
        var connectionString = "Data Source=" + Path.Combine(_engine.Directory, "missing", "directory", "authactors.db") + ";Mode=ReadWrite";
        var config = JournalSetup.Hocon(JournalSetup.Sqlite, connectionString).WithFallback(AuthActorsSettings.DefaultConfig());
        using var system = ActorSystem.Create("broken-journal", ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config),
            AuthActorsSerialization.Setup(FieldEncryptor.WithKey(_engine.Key))));

        var result = await EngineHealthChecks.JournalAsync(system, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        await system.Terminate();
    }

    [Fact]
    public async Task Discovery_is_healthy_when_fresh_and_degraded_when_a_provider_has_no_metadata()
    {
        var settings = AuthActorsSettings.Create(_engine.System!);
        var transport = new FlurlOAuthTransport(timeout: TimeSpan.FromSeconds(5));
        var good = new ProviderRuntime(EngineHarness.OidcDefinition(_engine.Provider), transport, settings);
        var bad = new ProviderRuntime(new OAuth2ProviderDefinition("gone", "c", "s", string.Empty, string.Empty)
        {
            ServerMetadataUrl = "http://127.0.0.1:9/.well-known/openid-configuration", Scope = "openid",
        }, transport, settings);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("oidc", _ => null!, HealthStatus.Degraded, null) };

        var healthy = await Check(good);
        var degraded = await Check(good, bad);

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("gone", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("oidc:", degraded.Description, StringComparison.Ordinal);

        async Task<HealthCheckResult> Check(params ProviderRuntime[] runtimes)
        {
            var catalog = new ProviderCatalog(new AuthActorsBuilder(new Microsoft.Extensions.DependencyInjection.ServiceCollection())) { Runtimes = runtimes };
            return await new OidcDiscoveryHealthCheck(catalog).CheckHealthAsync(context);
        }
    }
}
