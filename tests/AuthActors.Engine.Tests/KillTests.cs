using System.Text;
using System.Text.Json.Nodes;
using AuthActors.DevProvider;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests;

/// <summary>
/// Invariants 2, 5 and 8 across processes: the engine (wired by AddAuthActors on the SQLite default) is
/// killed with SIGKILL and started again on the same data directory.
/// </summary>
[Collection(nameof(KillTests))]
public sealed class KillTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "authactors-kill", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _logs = new();
    private DevProviderServer _provider = null!;

    public async Task InitializeAsync() => _provider = await DevProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<EngineProcess> StartEngine(params string[] args) => EngineProcess.StartAsync(_data, _provider.BaseUrl, _logs, args);

    [Theory]
    [InlineData("dev2")]
    [InlineData("dev1")]
    public async Task A_login_survives_a_hard_kill_of_the_engine_between_redirect_and_callback(string provider)
    {
        var first = await StartEngine();
        var begun = await first.SendAsync("begin", provider, Callback);
        Assert.True((bool)begun["ok"]!, begun.ToJsonString());
        var callback = await Browser.ApproveAsync((string)begun["url"]!);
        first.KillHard();

        await using var second = await StartEngine();
        var completed = await second.SendAsync("complete", provider, (string)begun["secret"]!, Query(callback));
        Assert.True((bool)completed["ok"]!, completed.ToJsonString());
        AssertNoSecretsLogged(begun, callback, (string)completed["tokenValue"]!);
    }

    [Fact]
    public async Task A_kill_before_the_provider_processed_the_exchange_is_resolved_by_the_one_retry()
    {
        var first = await StartEngine();
        var begun = await first.SendAsync("begin", "dev2", Callback);
        var callback = await Browser.ApproveAsync((string)begun["url"]!);
        _provider.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromSeconds(5) });
        _ = first.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));
        await AwaitPhase(first, (string)begun["attemptId"]!, "Exchanging");
        first.KillHard();
        _provider.Knobs.ClearAll();

        await using var second = await StartEngine();
        var completed = await second.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));

        Assert.True((bool)completed["ok"]!, completed.ToJsonString());
        Assert.Equal(1, _provider.Counters.CodesRedeemed);
    }

    [Fact]
    public async Task A_kill_after_the_provider_issued_the_token_ends_as_exchange_outcome_lost_never_a_hang()
    {
        var first = await StartEngine();
        var begun = await first.SendAsync("begin", "dev2", Callback);
        var callback = await Browser.ApproveAsync((string)begun["url"]!);
        _provider.Knobs.Set("dev-client", new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(3) });
        _ = first.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));
        await AwaitPhase(first, (string)begun["attemptId"]!, "Exchanging");
        await AwaitAsync(() => _provider.Counters.CodesRedeemed == 1);
        first.KillHard();
        _provider.Knobs.ClearAll();

        await using var second = await StartEngine();
        var resolved = await second.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));
        var again = await second.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));

        Assert.Equal("ExchangeOutcomeLost", (string?)resolved["reason"]);
        Assert.Equal("ExchangeOutcomeLost", (string?)again["reason"]);
        Assert.Equal(1, _provider.Counters.CodeReuseAttempts);
    }

    [Fact]
    public async Task Events_are_purged_after_the_deadline_and_retention()
    {
        var hocon = Path.Combine(_data, "short.conf");
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(hocon, "authactors.attempt { expiry = 5s, retention = 1s }");
        await using var engine = await StartEngine("--AuthActors:HoconFiles:0=" + hocon, "--AuthActors:Persistence:PurgeInterval=00:00:00.500");
        // The first begin of a process also starts the journal; on a busy machine that alone can take seconds.
        await engine.SendAsync("begin", "dev2", Callback);
        var begun = await engine.SendAsync("begin", "dev2", Callback);
        var callback = await Browser.ApproveAsync((string)begun["url"]!);
        var completed = await engine.SendAsync("complete", "dev2", (string)begun["secret"]!, Query(callback));
        Assert.True((bool)completed["ok"]!, completed.ToJsonString());
        var id = (string)begun["attemptId"]!;
        Assert.True(RowsOf(id) >= 3);

        await AwaitAsync(() => RowsOf(id) == 0, seconds: 30);
    }

    private long RowsOf(string attemptId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "authactors.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $p";
        command.Parameters.AddWithValue("$p", "attempt-dev2-" + attemptId);
        return (long)command.ExecuteScalar()!;
    }

    private void AssertNoSecretsLogged(JsonObject begun, IReadOnlyList<KeyValuePair<string, string>> callback, string token)
    {
        var logs = _logs.ToString();
        Assert.Contains("AuthActors", logs, StringComparison.Ordinal);
        Assert.DoesNotContain((string)begun["secret"]!, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        foreach (var (name, value) in callback.Where(p => p.Key is "code" or "oauth_verifier"))
        {
            Assert.DoesNotContain(value, logs, StringComparison.Ordinal);
        }
    }

    private static string Query(IReadOnlyList<KeyValuePair<string, string>> callback) => FormEncoding.Write(callback);

    private static async Task AwaitPhase(EngineProcess engine, string attemptId, string phase) =>
        await AwaitAsync(async () => (string?)(await engine.SendAsync("status", "dev2", attemptId))["phase"] == phase);

    private static Task AwaitAsync(Func<bool> condition, int seconds = 10) => AwaitAsync(() => Task.FromResult(condition()), seconds);

    private static async Task AwaitAsync(Func<Task<bool>> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {seconds} s.");
            await Task.Delay(50);
        }
    }
}
