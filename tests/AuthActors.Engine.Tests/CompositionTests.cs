using Akka.Actor;
using Akka.Hosting;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthActors.Engine.Tests;

/// <summary>
/// The engine composed like Akka.Hosting: a host that already calls <c>AddAkka</c> adds AuthActors with the
/// <c>With…</c> extensions, finds its actors in the <c>ActorRegistry</c>, and runs a login on a real SQLite journal
/// against the DevProvider.
/// </summary>
public sealed class CompositionTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authactors-composition", Guid.NewGuid().ToString("N"));
    private DevProviderServer _provider = null!;

    public async Task InitializeAsync() => _provider = await DevProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private HostApplicationBuilder Builder(Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(DevSettings.OAuth2(_provider.BaseUrl, _directory));
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        return builder;
    }

    [Fact]
    public async Task A_host_with_its_own_actor_system_adds_the_engine_with_the_With_extensions_and_completes_a_login()
    {
        var builder = Builder();
        builder.Services.AddAuthActorsServices(builder.Configuration);
        builder.Services.AddAkka("host-app", (akka, sp) => akka
            .WithActors((system, registry) => registry.Register<HostEcho>(system.ActorOf(Props.Create(() => new HostEcho()), "echo")))
            .WithAuthActorsPersistence(sp)
            .WithAuthActorsEngine(sp));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            Assert.Equal("host-app", system.Name);
            Assert.Equal("hello", await registry.Get<HostEcho>().Ask<string>("hello", TimeSpan.FromSeconds(5)));
            Assert.True(registry.TryGet<AuthActorsAttempts>(out _));
            Assert.True(registry.TryGet<AuthActorsStatistics>(out _));

            var flows = host.Services.GetRequiredService<IAuthFlows>();
            var begun = await flows.BeginAsync("dev2", Callback);
            Assert.True(begun.IsSuccess, begun.Failure?.ToString());
            var completed = await flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
            Assert.True(completed.IsSuccess, completed.Failure?.ToString());
            // The statistics actor from the registry counts it (attempts publish their transitions asynchronously).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!((await flows.GetStatisticsAsync()).Providers.TryGetValue("dev2", out var counts) && counts.Entered.GetValueOrDefault(AttemptPhase.Exchanged) == 1))
            {
                Assert.True(DateTime.UtcNow < deadline, "the registered statistics actor never counted the login");
                await Task.Delay(50);
            }

            Assert.True(File.Exists(Path.Combine(_directory, "authactors.db")), "the journal is the SQLite file of the data directory");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Asking_for_the_facade_before_the_engine_has_started_fails_fast()
    {
        var builder = Builder(new() { ["AuthActors:Persistence:Provider"] = "InMemory" });
        builder.Services.AddAuthActors(builder.Configuration);
        using var host = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IAuthFlows>());
        Assert.Contains("has not started yet", ex.Message, StringComparison.Ordinal);

        await host.StartAsync();
        Assert.Equal(["dev2"], host.Services.GetRequiredService<IAuthFlows>().Providers.Select(p => p.Name));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("AuthActors:Persistence:Provider", "PostgreSql", "reference the package AuthActors.Hosting.PostgreSql and call AddAuthActors(...).AddPostgreSql()")]
    [InlineData("AuthActors:Cluster:Enabled", "true", "reference the package AuthActors.Hosting.Cluster and call AddAuthActors(...).AddCluster()")]
    public async Task Configuration_that_needs_a_package_that_is_not_added_is_a_configuration_error(string key, string value, string expected)
    {
        var builder = Builder(new() { [key] = value, ["AuthActors:Persistence:ConnectionString"] = "Host=127.0.0.1;Port=1" });
        builder.Services.AddAuthActors(builder.Configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(ex.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AuthActors:Persistence:SqliteJournal", "Linq2Db", "AuthActors:Persistence:SqliteJournal 'Linq2Db' is unknown. Use AuthActors or AkkaPersistenceSql.")]
    [InlineData("AuthActors:Persistence:SqliteSynchronous", "Off", "AuthActors:Persistence:SqliteSynchronous 'Off' is unknown. Use Normal or Full.")]
    public async Task An_unknown_SQLite_journal_setting_is_a_configuration_error_that_names_the_values(string key, string value, string expected)
    {
        var builder = Builder(new() { [key] = value });
        builder.Services.AddAuthActors(builder.Configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, ex.Failures);
    }

    [Fact]
    public async Task Provider_calls_go_through_the_IHttpClientFactory_client_which_never_follows_redirects()
    {
        var builder = Builder();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        builder.Services.AddAuthActors(builder.Configuration);
        builder.Services.AddHttpClient(AuthActorsServiceCollectionExtensions.ProviderHttpClient).AddHttpMessageHandler(() => new Recording(seen));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var flows = host.Services.GetRequiredService<IAuthFlows>();
            var begun = await flows.BeginAsync("dev2", Callback);
            var completed = await flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
            using var redirect = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(AuthActorsServiceCollectionExtensions.ProviderHttpClient)
                .GetAsync(begun.AuthorizeUrl);

            Assert.True(completed.IsSuccess, completed.Failure?.ToString());
            Assert.Contains(seen, r => r == "POST /oauth2/token");
            Assert.Contains(seen, r => r == "GET /api/user");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, redirect.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // Akka starts its scheduler's clock lazily, with a thread-pool work item that the caller of the first timer, and every
    // caller until the clock ticks, waits for. A restarted node's first burst of callbacks (each recovery sets a timer)
    // then held every pool thread waiting for that work item, queued behind them: logins stalled 5 to 10 s until the pool
    // added a thread (4 of 24 restarts with 1,000 callbacks at once). The composition starts the clock before the host's
    // start returns. Akka has no public view of the clock, so the test reads the field its Start() checks.
    [Fact]
    public async Task The_schedulers_clock_is_running_when_the_host_has_started()
    {
        var builder = Builder(new() { ["AuthActors:Persistence:Provider"] = "InMemory" });
        builder.Services.AddAuthActors(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var scheduler = host.Services.GetRequiredService<ActorSystem>().Scheduler;
            var startTime = scheduler.GetType().GetField("_startTime", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
            Assert.True(startTime is not null, $"{scheduler.GetType().Name} has no _startTime: check whether Akka still starts its clock lazily");
            Assert.NotEqual(0L, (long)startTime.GetValue(scheduler)!);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class Recording(System.Collections.Concurrent.ConcurrentQueue<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class HostEcho : ReceiveActor
    {
        public HostEcho() => Receive<string>(s => Sender.Tell(s));
    }
}
