using System.Diagnostics;
using System.Threading.Channels;

namespace AuthActors.Bench;

/// <summary>
/// This program started again in another mode (<c>--mode app</c> or <c>--mode load</c>): a line protocol on its
/// standard input and output; its standard error is echoed with a prefix.
/// </summary>
internal sealed class BenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private BenchProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static BenchProcess Start(string label, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BenchProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var bench = new BenchProcess(new Process { StartInfo = info });
        bench._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                bench._lines.Writer.TryComplete();
            }
            else
            {
                bench._lines.Writer.TryWrite(e.Data);
            }
        };
        bench._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"    [{label}] {e.Data}");
            }
        };
        bench._process.Start();
        bench._process.BeginOutputReadLine();
        bench._process.BeginErrorReadLine();
        return bench;
    }

    /// <summary>The rest of the next line that starts with <paramref name="prefix"/> (other lines are echoed).</summary>
    public async Task<string> ReadAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..].Trim();
                }

                Console.WriteLine($"    {line}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new InvalidOperationException($"No '{prefix}' line from process {Pid} within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}).", ex);
        }
    }

    public async Task WriteAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes its input (it stops on that) and waits; kills it after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
