using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AuthActors.Bench;

/// <summary>The DevProvider in its own process, so that its CPU is not counted as the app's.</summary>
internal sealed class DevProviderProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DevProviderProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<DevProviderProcess> StartAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AuthActors.DevProvider.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        // A population of users, as real logins come from: 100,000 subjects, picked at random per login.
        info.ArgumentList.Add("--user-pool");
        info.ArgumentList.Add("100000");
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync(baseUrl + "/.well-known/oauth-authorization-server");
                if (response.IsSuccessStatusCode)
                {
                    return new DevProviderProcess(process, baseUrl);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The DevProvider did not start.");
    }

    public int Pid => _process.Id;

    /// <summary>How many requests the provider has served on all its endpoints (<c>/_dev/counters</c>), this one not counted.</summary>
    public async Task<long> RequestsAsync()
    {
        using var http = new HttpClient();
        using var counters = JsonDocument.Parse(await http.GetStringAsync(BaseUrl + "/_dev/counters"));
        return counters.RootElement.EnumerateObject()
            .Where(p => p.Name.Equals("requests", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.EnumerateObject())
            .Sum(e => e.Value.GetInt64());
    }

    public ValueTask DisposeAsync()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
