using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthActors.Web.Tests.Support;

/// <summary>
/// The reference frontend (AuthActors.Web, engine in-process on SQLite) as a child process on a loopback
/// port, pointed at a DevProvider the test owns. It can be killed with SIGKILL and started again on the same
/// port and data directory.
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private readonly StringBuilder _logs = new();
    private Process? _process;

    public WebProcess(string devProviderUrl, string? dataDirectory = null)
    {
        DevProviderUrl = devProviderUrl;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "authactors-web", Guid.NewGuid().ToString("N"));
        Port = FreePort();
    }

    public string DevProviderUrl { get; }

    /// <summary>Environment variables for the process (configuration by environment, as in a container).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string DataDirectory { get; }

    /// <summary>The process's working directory, which the host takes as its content root; the test's own when null.</summary>
    public string? WorkingDirectory { get; init; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

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

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = WorkingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AuthActors.Web.dll"));
        foreach (var arg in new[]
                 {
                     $"--urls={BaseUrl}", $"--AuthActors:DataDirectory={DataDirectory}", "--AuthActors:EmbeddedDevProvider=false",
                     $"--AuthActors:Urls:DevProvider={DevProviderUrl}", "--Logging:LogLevel:Default=Information",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        // Development by default (plain-HTTP cookies, no HSTS); a test that wants production sets the variable.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start AuthActors.Web.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("AuthActors.Web did not start:\n" + Logs);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, like a crashed server.</summary>
    public void KillHard()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private void Append(string? line)
    {
        lock (_logs)
        {
            _logs.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
