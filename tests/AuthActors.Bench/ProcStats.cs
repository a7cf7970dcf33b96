using System.Diagnostics;
using System.Globalization;

namespace AuthActors.Bench;

/// <summary>
/// CPU and memory of other processes, read from <c>/proc</c> (proc(5)): a process's user plus system time in clock
/// ticks, the machine's busy ticks, and a process's peak resident set.
/// </summary>
internal static class ProcStats
{
    /// <summary>Clock ticks per second (<c>getconf CLK_TCK</c>, 100 on Linux in practice).</summary>
    public static readonly double TicksPerSecond = ReadClockTicks();

    /// <summary>utime + stime of <paramref name="pid"/> (fields 14 and 15 of <c>/proc/pid/stat</c>), 0 once it is gone.</summary>
    public static long CpuTicks(int pid)
    {
        var fields = StatFields(pid);
        return fields is null ? 0 : long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU ticks of <paramref name="pid"/> and its direct children (a PostgreSQL postmaster and its backends).</summary>
    public static long TreeCpuTicks(int pid)
    {
        var total = CpuTicks(pid);
        foreach (var child in Pids())
        {
            if (StatFields(child) is { } fields && fields[1] == pid.ToString(CultureInfo.InvariantCulture))
            {
                total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>The first process whose command line holds all of <paramref name="parts"/> as arguments, or 0.</summary>
    public static int FindProcess(params string[] parts)
    {
        foreach (var pid in Pids())
        {
            try
            {
                var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                if (parts.All(args.Contains))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return 0;
    }

    /// <summary>
    /// The machine's busy ticks: utime, stime, cutime and cstime of every process (fields 14 to 17 of
    /// <c>/proc/pid/stat</c>, so a child reaped in the window still counts, through its parent). Not the
    /// <c>cpu</c> line of <c>/proc/stat</c>: on this machine's kernel that line samples whatever runs at each tick,
    /// and work woken by timers just after a tick and done before the next one is missed. In an open loop at
    /// 900 logins/s it showed 0.3-0.45 busy cores while the processes' own (exact) times added up to 1.26.
    /// </summary>
    public static long MachineBusyTicks()
    {
        var total = 0L;
        foreach (var pid in Pids())
        {
            if (StatFields(pid) is { } fields)
            {
                for (var i = 11; i <= 14; i++)
                {
                    total += long.Parse(fields[i], CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }

    /// <summary>Peak resident set (<c>VmHWM</c> in <c>/proc/pid/status</c>) in bytes, 0 if unknown.</summary>
    public static long PeakRssBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The fields after the command name (which may hold spaces): index 0 is the state, 1 the parent pid.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static double ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }
}
