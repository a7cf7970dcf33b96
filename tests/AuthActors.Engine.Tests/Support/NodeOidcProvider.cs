using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AuthActors.Protocol.Client;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Engine.Tests.Support;

/// <summary>
/// An OpenID Provider the project did not write: panva's oidc-provider (npm, pinned in
/// tests/external/oidc-provider/package-lock.json) run by tests/external/oidc-provider/server.js on a free
/// loopback port. <c>npm ci</c> runs once per test run when node_modules is missing. Interactions are
/// automatic (account "alice", everything requested is granted), so <see cref="AuthorizeAsync"/> can play
/// the browser with plain HTTP. Needs node and npm on PATH; without them starting fails saying so.
/// Disposing kills the process.
/// </summary>
public sealed class NodeOidcProvider : IAsyncDisposable
{
    public const string DefaultRedirectUri = "http://127.0.0.1:9/callback";

    private static readonly SemaphoreSlim InstallGate = new(1);
    private static bool _installed;
    private readonly Process _process;
    private readonly StringBuilder _log;

    private NodeOidcProvider(Process process, StringBuilder log, string issuer, string redirectUri, JsonElement discovery, TimeSpan startup)
    {
        _process = process;
        _log = log;
        Issuer = issuer;
        RedirectUri = redirectUri;
        Discovery = discovery;
        Startup = startup;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, exactly as the provider writes it into <c>iss</c>.</summary>
    public string Issuer { get; }

    public string ClientId => "authactors";

    public string ClientSecret => "authactors-secret-authactors-secret";

    /// <summary>The one redirect URI registered for the client; nothing listens there.</summary>
    public string RedirectUri { get; }

    /// <summary>The discovery document (<c>/.well-known/openid-configuration</c>).</summary>
    public JsonElement Discovery { get; }

    /// <summary>From process start to the discovery document answering (excludes <c>npm ci</c>).</summary>
    public TimeSpan Startup { get; }

    /// <summary>What the provider wrote to stderr so far (its errors are logged there).</summary>
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

    public string Endpoint(string name) => Discovery.GetProperty(name).GetString()!;

    /// <summary>Seed-shaped client options for this provider, endpoints from its discovery document.</summary>
    public OAuthClientOptions Options(string scope = "openid profile email") => new()
    {
        Name = "oidc-provider",
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        AuthorizeUrl = Endpoint("authorization_endpoint"),
        AccessTokenUrl = Endpoint("token_endpoint"),
        Issuer = Issuer,
        ApiBaseUrl = Issuer + "/",
        UserInfoUrl = Endpoint("userinfo_endpoint"),
        ClientKwargs = new() { Scope = scope, TokenEndpointAuthMethod = "client_secret_basic", CodeChallengeMethod = "S256" },
    };

    public static async Task<NodeOidcProvider> StartAsync(string redirectUri = DefaultRedirectUri)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "external", "oidc-provider");
        var node = Which("node");
        var npm = Which("npm");
        if (node is null || npm is null)
        {
            throw new InvalidOperationException(
                "The oidc-provider tests need Node.js and npm on PATH (missing: " +
                string.Join(", ", new[] { node is null ? "node" : null, npm is null ? "npm" : null }.OfType<string>()) +
                "): run `sudo apt-get install -y nodejs npm`.");
        }

        await EnsureInstalledAsync(npm, folder);

        var info = new ProcessStartInfo(node) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add("0");
        info.ArgumentList.Add(redirectUri);
        var log = new StringBuilder();
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {node} server.js.");
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
            var issuer = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (issuer is null || !issuer.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
            {
                await Task.Delay(200);
                throw new InvalidOperationException($"server.js did not print its issuer (got '{issuer}'): {Snapshot(log)}");
            }

            var discovery = await WaitForDiscoveryAsync(issuer, log);
            return new NodeOidcProvider(process, log, issuer, redirectUri, discovery, clock.Elapsed);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>
    /// Plays the browser from <paramref name="authorizeUrl"/>: a cookie jar, redirects followed by hand, until
    /// the provider redirects to the redirect URI. Returns that redirect's query parameters (code, state, iss
    /// or error) without calling the redirect URI.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> AuthorizeAsync(string authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
        var target = new Uri(RedirectUri);
        var url = new Uri(authorizeUrl);
        var trail = new List<string>();
        for (var hop = 0; hop < 20; hop++)
        {
            trail.Add(url.GetLeftPart(UriPartial.Path));
            using var response = await browser.GetAsync(url);
            var status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is null)
            {
                throw new InvalidOperationException(
                    $"The provider answered HTTP {status} at {url} instead of redirecting (after {string.Join(" -> ", trail)}): " +
                    $"{await response.Content.ReadAsStringAsync()}\n{Log}");
            }

            var next = new Uri(url, response.Headers.Location);
            if (Uri.Compare(next, target, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.Ordinal) == 0)
            {
                return FormEncoding.Parse(next.Query);
            }

            url = next;
        }

        throw new InvalidOperationException($"No redirect to {RedirectUri} after 20 hops: {string.Join(" -> ", trail)}");
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        return ValueTask.CompletedTask;
    }

    private static async Task<JsonElement> WaitForDiscoveryAsync(string issuer, StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(issuer + "/.well-known/openid-configuration");
                if (response.IsSuccessStatusCode)
                {
                    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    return document.RootElement.Clone();
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"No discovery document at {issuer} within 30 s: {Snapshot(log)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary><c>npm ci</c> into the folder when node_modules is missing: once per test run, one at a time.</summary>
    private static async Task EnsureInstalledAsync(string npm, string folder)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (_installed || Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            {
                _installed = true;
                return;
            }

            var info = new ProcessStartInfo(npm) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {folder} failed ({process.ExitCode}): {await stderr}{await stdout}");
            }

            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
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

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    /// <summary>The folder holding AuthActors.sln, found by walking up from the test assembly.</summary>
    private static string RepositoryRoot()
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
}
