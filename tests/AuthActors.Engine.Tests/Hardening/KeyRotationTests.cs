using System.Security.Cryptography;
using System.Text;
using AuthActors.DevProvider;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthActors.Engine.Tests.Hardening;

/// <summary>
/// Rotating the field-encryption key: every sealed field names its key; a new key is added as current and the
/// old one kept as previous, so old events still open and new ones use the new key, across a restart.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authactors-rotation", Guid.NewGuid().ToString("N"));
    private readonly string _key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private DevProviderServer _provider = null!;

    public async Task InitializeAsync() => _provider = await DevProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IHost Build(Dictionary<string, string?> encryption)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = DevSettings.OAuth2(_provider.BaseUrl, _directory);
        foreach (var (k, v) in encryption)
        {
            settings["AuthActors:Encryption:" + k] = v;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthActors(builder.Configuration);
        return builder.Build();
    }

    private string JournalText()
    {
        SqliteConnection.ClearAllPools();
        var db = Path.Combine(_directory, "authactors.db");
        return string.Concat(new[] { db, db + "-wal" }.Where(File.Exists).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
    }

    [Fact]
    public async Task Events_sealed_with_the_old_key_still_open_after_rotation_and_new_ones_use_the_new_key()
    {
        BeginResult begun;
        using (var before = Build(new() { ["Key"] = _key1, ["KeyId"] = "k1" }))
        {
            await before.StartAsync();
            begun = await before.Services.GetRequiredService<IAuthFlows>().BeginAsync("dev2", Callback);
            Assert.True(begun.IsSuccess, begun.Failure?.ToString());
            await before.StopAsync();
        }

        Assert.Contains("v1.k1.", JournalText(), StringComparison.Ordinal);
        Assert.DoesNotContain("v1.k2.", JournalText(), StringComparison.Ordinal);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);

        using (var after = Build(new() { ["Key"] = _key2, ["KeyId"] = "k2", ["PreviousKeys:k1"] = _key1 }))
        {
            await after.StartAsync();
            var completed = await after.Services.GetRequiredService<IAuthFlows>().CompleteAsync("dev2", null, callback, begun.BindingSecret);
            Assert.True(completed.IsSuccess, completed.Failure?.ToString());
            await after.StopAsync();
        }

        Assert.Contains("v1.k2.", JournalText(), StringComparison.Ordinal);

        // Without the old key the old rows cannot be opened: the attempt answers JournalUnavailable, never a wrong outcome.
        using var withoutOld = Build(new() { ["Key"] = _key2, ["KeyId"] = "k2" });
        await withoutOld.StartAsync();
        var status = await withoutOld.Services.GetRequiredService<IAuthFlows>().CompleteAsync("dev2", null, callback, begun.BindingSecret);
        Assert.Equal(FailureReason.JournalUnavailable, status.Failure?.Reason);
        await withoutOld.StopAsync();
    }
}
