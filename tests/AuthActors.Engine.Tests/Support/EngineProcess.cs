using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace AuthActors.Engine.Tests.Support;

/// <summary>
/// The engine in a child process (AuthActors.Engine.TestHost, wired by AddAuthActors), driven over
/// stdin/stdout, that a test can kill with SIGKILL. Its logs (stderr) are kept for inspection.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _waiting = new();
    private readonly StringBuilder _logs;
    private int _next;

    private EngineProcess(Process process, StringBuilder logs)
    {
        _process = process;
        _logs = logs;
    }

    public string Logs
    {
        get
        {
            lock (_logs)
            {
                return _logs.ToString();
            }
        }
    }

    public static async Task<EngineProcess> StartAsync(string dataDirectory, string devProviderUrl, StringBuilder logs, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AuthActors.Engine.TestHost.dll"));
        foreach (var arg in DefaultArgs(dataDirectory, devProviderUrl).Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the engine test host.");
        var engine = new EngineProcess(process, logs);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (logs)
            {
                logs.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var ready = engine.Expect("0");
        _ = Task.Run(engine.ReadLoop);
        await ready.WaitAsync(TimeSpan.FromSeconds(60));
        return engine;
    }

    public Task<JsonObject> SendAsync(params string[] command)
    {
        var id = Interlocked.Increment(ref _next).ToString();
        var answer = Expect(id);
        lock (_process)
        {
            // A StreamWriter is not thread-safe: concurrent commands must not interleave on stdin.
            _process.StandardInput.WriteLine(id + " " + string.Join(' ', command));
            _process.StandardInput.Flush();
        }

        return answer.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, like a node that loses power.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// A graceful stop, as a deployment's SIGTERM: the host stops (Akka's coordinated shutdown: a cluster node hands
    /// its shards over and leaves). Waits for the process to exit.
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        lock (_process)
        {
            _process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await Task.CompletedTask;
        _process.Dispose();
    }

    private Task<JsonObject> Expect(string id) => _waiting.GetOrAdd(id, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private async Task ReadLoop()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var space = line.IndexOf(' ');
            if (space > 0 && JsonNode.Parse(line[(space + 1)..]) is JsonObject json)
            {
                _waiting.GetOrAdd(line[..space], _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(json);
            }
        }

        foreach (var waiting in _waiting.Values)
        {
            waiting.TrySetException(new IOException("The engine process exited."));
        }
    }

    private static IEnumerable<string> DefaultArgs(string dataDirectory, string devProviderUrl) =>
    [
        $"--AuthActors:DataDirectory={dataDirectory}",
        $"--AuthActors:Urls:DevProvider={devProviderUrl}",
        "--AuthActors:Providers:dev2:ClientId=dev-client",
        "--AuthActors:Providers:dev2:ClientSecret=dev-secret",
        "--AuthActors:Providers:dev2:AuthorizeUrl={DevProvider}/oauth2/authorize",
        "--AuthActors:Providers:dev2:AccessTokenUrl={DevProvider}/oauth2/token",
        "--AuthActors:Providers:dev2:Issuer={DevProvider}",
        "--AuthActors:Providers:dev2:Scope=profile",
        "--AuthActors:Providers:dev2:ApiBaseUrl={DevProvider}/api/",
        "--AuthActors:Providers:dev2:UserInfoUrl=user",
        "--AuthActors:Providers:dev1:ApiBaseUrl={DevProvider}/oauth1/api/",
        "--AuthActors:Providers:dev1:UserInfoUrl=user",
        "--AuthActors:Providers:dev1:ClientId=dev-consumer",
        "--AuthActors:Providers:dev1:ClientSecret=dev-consumer-secret",
        "--AuthActors:Providers:dev1:RequestTokenUrl={DevProvider}/oauth1/request_token",
        "--AuthActors:Providers:dev1:AuthorizeUrl={DevProvider}/oauth1/authorize",
        "--AuthActors:Providers:dev1:AccessTokenUrl={DevProvider}/oauth1/access_token",
    ];
}
