using System.Diagnostics;
using System.Text;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.Tests.External;

/// <summary>
/// An OAuth 1.0a provider the project did not write: tests/external/oauthlib-provider/server.py, built on
/// Debian's python3-oauthlib, started with /usr/bin/python3 on a free loopback port. When oauthlib is missing
/// and the tests run as root on Debian it is installed with apt-get; otherwise starting fails saying so.
/// Disposing kills the process.
/// </summary>
public sealed class OAuthlibProvider : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The client registered in server.py (oauthlib wants 20..30 characters of [A-Za-z0-9]).</summary>
    public const string ClientKey = "authactorsconsumerkey01";

    public const string ClientSecret = "authactors-consumer-secret";

    /// <summary>The callback registered in server.py; the tests never call it.</summary>
    public const string Callback = "http://127.0.0.1:9/auth";

    private static readonly SemaphoreSlim InstallGate = new(1);
    private readonly Process _process;
    private readonly StringBuilder _log;

    private OAuthlibProvider(Process process, StringBuilder log, int port, TimeSpan startup)
    {
        _process = process;
        _log = log;
        BaseUrl = $"http://127.0.0.1:{port}";
        Startup = startup;
    }

    public string BaseUrl { get; }

    /// <summary>From process start to the port line (the server listens before it prints it).</summary>
    public TimeSpan Startup { get; }

    /// <summary>What the server wrote to stderr so far (refusals are logged there).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public OAuthClientOptions Options(OAuthClientKwargs? kwargs = null) => new()
    {
        Name = "oauthlib",
        ClientId = ClientKey,
        ClientSecret = ClientSecret,
        RequestTokenUrl = BaseUrl + "/request_token",
        AuthorizeUrl = BaseUrl + "/authorize",
        AccessTokenUrl = BaseUrl + "/access_token",
        ApiBaseUrl = BaseUrl + "/",
        ClientKwargs = kwargs ?? new(),
    };

    public static async Task<OAuthlibProvider> StartAsync()
    {
        await EnsureOAuthlibAsync();
        var script = Path.Combine(RepositoryRoot(), "tests", "external", "oauthlib-provider", "server.py");
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("0");
        info.ArgumentList.Add("--callback");
        info.ArgumentList.Add(Callback);
        info.Environment["OAUTHLIB_INSECURE_TRANSPORT"] = "1";
        info.Environment["PYTHONUNBUFFERED"] = "1";
        var log = new StringBuilder();
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python} {script}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null || !int.TryParse(line, out var port))
            {
                await Task.Delay(200);
                throw new InvalidOperationException($"server.py did not print its port (got '{line}'): {log}");
            }

            return new OAuthlibProvider(process, log, port, clock.Elapsed);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        return ValueTask.CompletedTask;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    /// <summary>The folder holding AuthActors.sln, found by walking up from the test assembly.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AuthActors.sln above {AppContext.BaseDirectory}.");
    }

    private static async Task EnsureOAuthlibAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Python) && await RunAsync(Python, "-c \"import oauthlib\"") == 0)
            {
                return;
            }

            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException(
                    $"The oauthlib tests need {Python} with oauthlib: run `sudo apt-get install -y python3-oauthlib`.");
            }

            await RunCheckedAsync("apt-get", "update -qq");
            await RunCheckedAsync("apt-get", "install -y -qq --no-install-recommends python3-oauthlib");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task RunCheckedAsync(string file, string arguments)
    {
        var (code, output) = await RunWithOutputAsync(file, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` failed ({code}): {output}");
        }
    }

    private static async Task<int> RunAsync(string file, string arguments) => (await RunWithOutputAsync(file, arguments)).Code;

    private static async Task<(int Code, string Output)> RunWithOutputAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr + await stdout);
    }

    /// <summary>Plays the browser: GET the authorize URL (redirects off) and return the callback's query.</summary>
    public static async Task<IReadOnlyList<KeyValuePair<string, string>>> ApproveAsync(string authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authorizeUrl);
        var location = response.Headers.Location
                       ?? throw new InvalidOperationException($"No redirect: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return FormEncoding.Parse(location.Query);
    }
}
