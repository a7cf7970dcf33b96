using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthActors.DevProvider;
using AuthActors.Engine.Tests.Support;

namespace AuthActors.Cluster.Tests.Support;

/// <summary>
/// The farm on loopback: a throwaway PostgreSQL, the DevProvider, three engine nodes and two frontend nodes,
/// each node a separate process (the engine test host wired by AddAuthActors in cluster mode).
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authactors-cluster", Guid.NewGuid().ToString("N"));
    private readonly int[] _enginePorts;
    private readonly int[] _frontendPorts;

    private ClusterHarness(PostgresServer postgres, DevProviderServer provider)
    {
        Postgres = postgres;
        Provider = provider;
        var ports = FreePorts(5);
        (_enginePorts, _frontendPorts) = (ports[..3], ports[3..]);
    }

    public PostgresServer Postgres { get; }

    public DevProviderServer Provider { get; }

    public EngineProcess?[] Engines { get; } = new EngineProcess?[3];

    public EngineProcess?[] Frontends { get; } = new EngineProcess?[2];

    public StringBuilder Logs { get; } = new();

    public static async Task<ClusterHarness> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        // Codes live 10 minutes (RFC 6749 §4.1.2's upper bound) rather than the DevProvider's default minute: the
        // outage tests hold approved callbacks through timeouts of up to 4 x call-timeout before completing them.
        var harness = new ClusterHarness(postgres, await DevProviderServer.StartAsync(new DevProviderOptions { CodeLifetime = TimeSpan.FromMinutes(10) }));
        Directory.CreateDirectory(harness._directory);
        await harness.StartAllAsync();
        return harness;
    }

    /// <summary>Starts every node: the first engine (seed, creates the schema) first, then the others together.</summary>
    public async Task StartAllAsync()
    {
        Engines[0] = await StartNodeAsync("engine", _enginePorts[0]);
        var others = new[] { StartNodeAsync("engine", _enginePorts[1]), StartNodeAsync("engine", _enginePorts[2]), StartNodeAsync("frontend", _frontendPorts[0]), StartNodeAsync("frontend", _frontendPorts[1]) };
        await Task.WhenAll(others);
        (Engines[1], Engines[2], Frontends[0], Frontends[1]) = (others[0].Result, others[1].Result, others[2].Result, others[3].Result);
        await AwaitMembersUpAsync(5);
        await WarmUpAsync();
    }

    /// <summary>
    /// The first command after a start allocates shards and opens journal connections; until that is done an
    /// Ask may time out. Begin one login per provider from each frontend until it answers.
    /// </summary>
    private async Task WarmUpAsync()
    {
        foreach (var frontend in Frontends)
        {
            foreach (var provider in new[] { "dev2", "dev1" })
            {
                for (var i = 0; i < 10 && (string?)(await frontend!.SendAsync("begin", provider, "http://127.0.0.1:9/warm-up"))["reason"] == "Timeout"; i++)
                {
                }
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> members are Up and none is unreachable, as every live node sees it.</summary>
    public async Task AwaitMembersUpAsync(int count, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var views = await Task.WhenAll(Live.Select(n => n.SendAsync("members")));
            if (views.All(v => (int)v["up"]! == count && (int)v["unreachable"]! == 0))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The cluster did not settle at {count} members: {string.Join(" | ", views.Select(v => v.ToJsonString()))}");
            }

            await Task.Delay(250);
        }
    }

    public IEnumerable<EngineProcess> Live => Engines.Concat(Frontends).OfType<EngineProcess>();

    public async Task KillAllHardAsync()
    {
        foreach (var node in Live)
        {
            node.KillHard();
        }

        Array.Clear(Engines);
        Array.Clear(Frontends);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Live)
        {
            node.KillHard();
        }

        await Provider.DisposeAsync();
        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<EngineProcess> StartNodeAsync(string role, int port)
    {
        var root = RepositoryRoot();
        var testConf = Path.Combine(_directory, "test.conf");
        File.WriteAllText(testConf, """
            # Faster healing for tests: down a killed node after 4 s of stable unreachability.
            akka.cluster.split-brain-resolver.stable-after = 4s
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
            authactors.ask-timeout = 8s
            """);
        return EngineProcess.StartAsync(Path.Combine(_directory, role + port), Provider.BaseUrl, Logs,
            "--AuthActors:Cluster:Enabled=true",
            $"--AuthActors:Cluster:Role={role}",
            $"--AuthActors:Cluster:Port={port}",
            $"--AuthActors:Cluster:SeedNodes:0=akka.tcp://authactors@127.0.0.1:{_enginePorts[0]}",
            "--AuthActors:Cluster:NumberOfShards=30",
            "--AuthActors:Persistence:Provider=PostgreSql",
            $"--AuthActors:Persistence:ConnectionString={Postgres.ConnectionString}",
            $"--AuthActors:Encryption:Key={_key}",
            $"--AuthActors:HoconFiles:0={Path.Combine(root, "hocon", "cluster.conf")}",
            $"--AuthActors:HoconFiles:1={Path.Combine(root, "hocon", "postgres.conf")}",
            $"--AuthActors:HoconFiles:2={testConf}");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (AuthActors.sln) was not found.");
    }

    // Distinct ports. Taken one at a time, the system may hand out a just-released port again; two nodes on one port
    // (Akka.Remote binds with tcp-reuse-addr, on except on Windows, and .NET's address reuse on Linux admits a
    // second listener) split the connections between them and never form one cluster. Seen once: the fifth node
    // answered with the seed's address and a cluster of its own. Every listener is held until all ports are known.
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
