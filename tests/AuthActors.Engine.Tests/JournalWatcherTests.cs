using System.Collections.Concurrent;
using AuthActors.Engine.Tests.Support;
using AuthActors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.Engine.Tests;

/// <summary>
/// A SQLite journal inside a tree the host watches for configuration changes (the content root, by the hosts' default
/// <c>appsettings.json</c> reload) wakes that watcher on every write: about a tenth of the app's CPU in the benchmark.
/// The engine says so on start, naming the file and the watched root, and only then.
/// </summary>
public sealed class JournalWatcherTests
{
    private const string Warning = "which the host watches for configuration changes";

    [Fact]
    public async Task A_journal_inside_the_watched_content_root_is_named_in_a_warning_on_start()
    {
        var root = NewDirectory();
        var logs = await StartAndStop(root, Path.Combine(root, "data"), []);
        var warning = Assert.Single(logs, l => l.Message.Contains(Warning, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(Path.Combine(root, "data", "authactors.db"), warning.Message, StringComparison.Ordinal);
        Assert.Contains("--hostBuilder:reloadConfigOnChange=false", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_the_hosts_reload_off_as_the_reference_apps_do_silences_it()
    {
        var root = NewDirectory();
        var logs = await StartAndStop(root, Path.Combine(root, "data"), ["--hostBuilder:reloadConfigOnChange=false"]);
        Assert.DoesNotContain(logs, l => l.Message.Contains(Warning, StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Category == "AuthActors");
    }

    [Fact]
    public async Task A_journal_outside_the_content_root_gets_no_warning()
    {
        var logs = await StartAndStop(NewDirectory(), NewDirectory(), []);
        Assert.DoesNotContain(logs, l => l.Message.Contains(Warning, StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Category == "AuthActors");
    }

    private static string NewDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "authactors-watcher", Guid.NewGuid().ToString("N"))).FullName;

    private static async Task<IReadOnlyCollection<Entry>> StartAndStop(string contentRoot, string dataDirectory, string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
        // A provider, so that the engine logs under its category in every case (the insecure-http warning).
        var settings = DevSettings.OAuth2("http://127.0.0.1:9", dataDirectory);
        settings["AuthActors:AllowInsecureHttp"] = "true";
        builder.Configuration.AddInMemoryCollection(settings);
        var collector = new Collector();
        builder.Logging.AddProvider(collector);
        builder.Services.AddAuthActors(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        return collector.Entries;
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    private sealed class Collector : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
