using System.Runtime.InteropServices;
using AuthActors.DevProvider;

// Runs the dev provider alone: dotnet run --project src/AuthActors.DevProvider -- --urls http://127.0.0.1:5100
// --issuer URL: the issuer it names (RFC 9207 iss, id_tokens, metadata) when browsers reach it under another origin
// than its own base URL, as in docker-compose.yml (browsers: http://localhost:5100; containers: http://devprovider:5100).
var url = "http://127.0.0.1:5100";
string? issuer = null;
// --user-pool N: each OAuth 2 login signs in one of N users at random (benchmarks), instead of always the same one.
var userPool = 0;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--urls" && i + 1 < args.Length)
    {
        url = args[++i].Split(';')[0];
    }
    else if (args[i].StartsWith("--urls=", StringComparison.Ordinal))
    {
        url = args[i]["--urls=".Length..].Split(';')[0];
    }
    else if (args[i] == "--issuer" && i + 1 < args.Length)
    {
        issuer = args[++i];
    }
    else if (args[i] == "--user-pool" && i + 1 < args.Length)
    {
        userPool = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    }
}

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.TrySetResult();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stopped.TrySetResult();
});

// --container: bind all interfaces of a container's private network (docker-compose.yml); never on a host.
var bind = args.Contains("--container") ? System.Net.IPAddress.Any : null;
await using var server = await DevProviderServer.StartAsync(new DevProviderOptions { Issuer = issuer, UserPool = userPool }, url, bindAddress: bind);
Console.WriteLine(Banner.For(server));
await stopped.Task;
Console.WriteLine("Dev provider stopped.");
