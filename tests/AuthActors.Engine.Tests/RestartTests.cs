using System.Text;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Tokens;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests;

/// <summary>Invariants 2 and 8 in one process: a new actor system on the same SQLite file; what the file holds.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Theory]
    [InlineData("dev2")]
    [InlineData("dev1")]
    public async Task A_login_begun_before_a_restart_completes_after_it(string provider)
    {
        var begun = await _engine.Flows.BeginAsync(provider, Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);

        await _engine.StopSystemAsync();
        _engine.StartSystem();

        Assert.Equal(AttemptPhase.Redirected, (await _engine.Flows.GetStatusAsync(provider, begun.AttemptId)).Phase);
        var completed = await _engine.Flows.CompleteAsync(provider, null, callback, begun.BindingSecret);
        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
    }

    [Fact]
    public async Task A_finished_login_gives_the_same_token_after_a_restart_without_a_second_exchange()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var first = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        var requests = _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);

        await _engine.StopSystemAsync();
        _engine.StartSystem();
        var again = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.Equal(((OAuth2Token)first.Token!).AccessToken, ((OAuth2Token)again.Token!).AccessToken);
        Assert.Equal(requests, _engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
    }

    [Fact]
    public async Task A_passivated_attempt_comes_back_from_the_journal_when_its_callback_arrives()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.attempt.idle-timeout = 200ms");
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var supervisor = await _engine.System!.ActorSelection("/user/provider-dev2").ResolveOne(TimeSpan.FromSeconds(3));
        await AwaitAsync(async () => !await ChildExists(supervisor.Path / AuthorizationAttempt.ActorName(begun.AttemptId)));

        var completed = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
    }

    [Fact]
    public async Task No_token_secret_verifier_or_code_is_in_the_sqlite_file_in_plain_text()
    {
        var secrets = new List<string>();
        foreach (var provider in new[] { "dev2", "dev1" })
        {
            var begun = await _engine.Flows.BeginAsync(provider, Callback);
            var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
            var completed = await _engine.Flows.CompleteAsync(provider, null, callback, begun.BindingSecret);
            secrets.Add(begun.BindingSecret);
            secrets.AddRange(callback.Where(p => p.Key is "code" or "oauth_verifier").Select(p => p.Value));
            secrets.AddRange(completed.Token switch
            {
                OAuth2Token t => [t.AccessToken, t.RefreshToken!],
                OAuth1Token t => [t.Token, t.TokenSecret],
                _ => [],
            });
        }

        await _engine.StopSystemAsync();
        SqliteConnection.ClearAllPools();
        var bytes = ReadAll(_engine.DatabasePath).Concat(ReadAll(_engine.DatabasePath + "-wal")).ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("attempt-dev2-", text, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
    }

    private static byte[] ReadAll(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];

    private async Task<bool> ChildExists(Akka.Actor.ActorPath path)
    {
        try
        {
            await _engine.System!.ActorSelection(path).ResolveOne(TimeSpan.FromMilliseconds(300));
            return true;
        }
        catch (Akka.Actor.ActorNotFoundException)
        {
            return false;
        }
    }

    private static async Task AwaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(100);
        }
    }
}
