using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AuthActors.Cluster.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL from Debian's packages: initdb into a temp directory and pg_ctl on a free loopback
/// port. It can be stopped hard and started again (same data, same port) to take the database away.
/// Installed with apt-get when missing and the tests run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=authactors;Pooling=true;Timeout=5;Command Timeout=10";

    private static bool IsRoot => Environment.UserName == "root";

    /// <param name="port">A free port to take; by default the system picks one.</param>
    public static async Task<PostgresServer> StartAsync(int? port = null)
    {
        var bin = await FindOrInstallAsync();
        var directory = Path.Combine(Path.GetTempPath(), "authactors-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", $"-R postgres:postgres {directory}");
        }

        var server = new PostgresServer(bin, directory, port ?? FreePort());
        await server.PgAsync("initdb", $"-D {directory}/data -U postgres --auth=trust --no-sync -E UTF8");
        // fsync off is safe here: only the server process is ever killed, never the machine, so what it wrote
        // to the kernel survives. synchronous_commit stays on: an acknowledged commit must outlive a kill.
        await File.AppendAllTextAsync($"{directory}/data/postgresql.conf", "\nfsync = off\nfull_page_writes = off\nmax_connections = 200\n");
        await server.StartAgainAsync();
        // Not pooled: a pool is keyed by its connection string, and a port that an earlier server of this process
        // had (and gave back at its end) can come up again. A pooled connection to that server, dead now, would
        // open without a word and fail at its first command (CI saw exactly that: EndOfStream at CREATE DATABASE).
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Pooling=false");
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE authactors", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"The throwaway PostgreSQL on port {server.Port} did not create its database. Its log:\n{server.LogTail()}", e);
        }

        return server;
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public Task StartAgainAsync() =>
        PgAsync("pg_ctl", $"-D {_directory}/data -l {_directory}/log -w -t 60 -o \"-p {Port} -h 127.0.0.1 -k {_directory}\" start");

    /// <summary>Stops it at once, like a database that goes away (connections are cut).</summary>
    public async Task StopHardAsync()
    {
        await PgAsync("pg_ctl", $"-D {_directory}/data -m immediate -w stop");
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", $"-D {_directory}/data -m immediate -w stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        // Its pooled connections are dead; a later server given the same port must not be handed them.
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Sets a server parameter for every session, as <c>ALTER SYSTEM</c> and a reload do; <c>null</c> resets it.</summary>
    public async Task SetAsync(string parameter, string? value)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand(value is null ? $"ALTER SYSTEM RESET {parameter}" : $"ALTER SYSTEM SET {parameter} = '{value}'", connection);
        await alter.ExecuteNonQueryAsync();
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }

    /// <summary>The server's log as it stands.</summary>
    public IReadOnlyList<string> LogLines()
    {
        using var stream = new FileStream($"{_directory}/log", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines($"{_directory}/log");
            return string.Join('\n', lines[Math.Max(0, lines.Length - 30)..]);
        }
        catch (IOException e)
        {
            return $"(unreadable: {e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    private Task PgAsync(string tool, string arguments) =>
        IsRoot ? RunAsync("runuser", $"-u postgres -- {_bin}/{tool} {arguments}") : RunAsync($"{_bin}/{tool}", arguments);

    private static async Task<string> FindOrInstallAsync()
    {
        string? Find() => Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

        if (Find() is { } found)
        {
            return found;
        }

        if (!IsRoot || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException("The cluster tests need PostgreSQL's initdb and pg_ctl: run `sudo apt-get install -y postgresql`.");
        }

        await RunAsync("apt-get", "update -qq");
        await RunAsync("apt-get", "install -y -qq --no-install-recommends postgresql");
        return Find() ?? throw new InvalidOperationException("PostgreSQL was installed but initdb was not found under /usr/lib/postgresql.");
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
