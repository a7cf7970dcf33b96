using System.Globalization;
using System.Text;

namespace AuthActors.Bench;

/// <summary>The medians of one variant's repetitions at one concurrency.</summary>
internal sealed record VariantSummary(string Variant, int Concurrency, int Runs, long Errors, IReadOnlyDictionary<string, double> Medians)
{
    public double this[string column] => Medians[column];
}

/// <summary>The medians, the table, the CSV files and the charts.</summary>
internal static class Report
{
    /// <summary>The measured columns, as named in the CSV files, and how to read each from a run.</summary>
    private static readonly (string Column, Func<RunResult, double> Value)[] Columns =
    [
        ("logins_per_s", r => r.LoginsPerSecond),
        ("begin_p50_ms", r => r.Load.BeginP50),
        ("begin_p95_ms", r => r.Load.BeginP95),
        ("begin_p99_ms", r => r.Load.BeginP99),
        ("complete_p50_ms", r => r.Load.CompleteP50),
        ("complete_p95_ms", r => r.Load.CompleteP95),
        ("complete_p99_ms", r => r.Load.CompleteP99),
        ("app_cpu_us_per_login", r => r.AppCpuMicros),
        ("provider_cpu_us_per_login", r => r.ProviderCpuMicros),
        ("load_cpu_us_per_login", r => r.LoadCpuMicros),
        ("database_cpu_us_per_login", r => r.DatabaseCpuMicros),
        ("app_alloc_bytes_per_login", r => r.AppAllocatedBytes),
        ("app_peak_rss_bytes", r => r.AppPeakRssBytes),
        ("app_work_items_per_login", r => r.AppWorkItems),
        ("provider_requests_per_login", r => r.ProviderRequests),
        ("machine_busy_cores", r => r.BusyCores),
        ("warmup_s", r => r.WarmupSeconds),
    ];

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static IReadOnlyList<VariantSummary> Summarize(IReadOnlyList<RunResult> runs) =>
        runs.GroupBy(r => r.Variant)
            .Select(g => new VariantSummary(g.Key, g.First().Concurrency, g.Count(), g.Sum(r => r.Load.Errors),
                Columns.ToDictionary(c => c.Column, c => Median(g.Select(c.Value)))))
            .ToList();

    public static void Print(IReadOnlyList<VariantSummary> summaries, string title)
    {
        var aspnet = summaries.FirstOrDefault(s => s.Variant == "aspnetcore");
        Console.WriteLine();
        Console.WriteLine($"medians of {summaries.Max(s => s.Runs)} repetitions, {title}");
        Console.WriteLine($"{"variant",-26} {"logins/s",9} {"×aspnet",8} {"begin p50/p95/p99 ms",22} {"complete p50/p95/p99 ms",24} {"app µs",7} {"prov µs",7} {"load µs",7} {"db µs",6} {"app KiB",7} {"RSS MiB",7} {"items",5} {"prov req",8} {"busy",5} {"errors",6}");
        foreach (var s in summaries)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Variant + (BenchOptions.InLoadProcess(s.Variant) ? "*" : string.Empty),-26} {s["logins_per_s"],9:N0} {Ratio(s, aspnet),8} {Triple(s, "begin"),22} {Triple(s, "complete"),24} {s["app_cpu_us_per_login"],7:N0} {s["provider_cpu_us_per_login"],7:N0} {s["load_cpu_us_per_login"],7:N0} {Number(s["database_cpu_us_per_login"], "N0"),6} {Number(s["app_alloc_bytes_per_login"] / 1024, "N1"),7} {s["app_peak_rss_bytes"] / 1048576,7:N0} {Number(s["app_work_items_per_login"], "N1"),5} {s["provider_requests_per_login"],8:0.00} {s["machine_busy_cores"],5:0.00} {s.Errors,6}"));
        }

        Console.WriteLine("µs: CPU per login of each process over the measured window (/proc): the app, the DevProvider, the load generator, PostgreSQL.");
        Console.WriteLine("items: thread-pool work items the app completed per login (its hops from thread to thread).");
        Console.WriteLine("prov req: requests the DevProvider served per login (the browser's authorize and the app's calls).");
        Console.WriteLine("* runs inside the load process (no app hop): its app µs is the load process's. busy: the machine's busy cores over the window.");
    }

    /// <summary>Writes <c>throughput-{label}.csv</c> (medians) and <c>runs-{label}.csv</c> (every repetition).</summary>
    public static void WriteCsv(IReadOnlyList<RunResult> runs, IReadOnlyList<VariantSummary> summaries, string directory, string label)
    {
        Directory.CreateDirectory(directory);
        var names = string.Join(',', Columns.Select(c => c.Column));
        var aspnet = summaries.FirstOrDefault(s => s.Variant == "aspnetcore");
        var medians = new StringBuilder($"variant,concurrency,repetitions,errors,ratio_aspnetcore,{names}\n");
        foreach (var s in summaries)
        {
            medians.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Variant},{s.Concurrency},{s.Runs},{s.Errors},{Ratio(s, aspnet)},{string.Join(',', Columns.Select(c => Number(s[c.Column], "0.###")))}"));
        }

        var all = new StringBuilder($"variant,concurrency,repetition,logins,errors,seconds,{names}\n");
        foreach (var r in runs)
        {
            all.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Variant},{r.Concurrency},{r.Repetition},{r.Load.Logins},{r.Load.Errors},{r.Load.Seconds:0.00},{string.Join(',', Columns.Select(c => Number(c.Value(r), "0.###")))}"));
        }

        File.WriteAllText(Path.Combine(directory, $"throughput-{label}.csv"), medians.ToString());
        File.WriteAllText(Path.Combine(directory, $"runs-{label}.csv"), all.ToString());
        Console.WriteLine($"wrote {directory}/throughput-{label}.csv (medians) and runs-{label}.csv (every repetition)");
    }

    /// <summary>Draws <c>throughput.png</c> (logins/s) and <c>cpu.png</c> (app CPU per login) from every <c>throughput-c*.csv</c>.</summary>
    public static void WriteCharts(string directory)
    {
        WriteChart(directory, "logins_per_s", "throughput.png", "logins/s",
            "Full OAuth logins per second, medians (2 cores: provider, app and load generator in their own processes)");
        WriteChart(directory, "app_cpu_us_per_login", "cpu.png", "app CPU µs per login",
            "App process CPU per login, medians, from /proc (bare*: the load process, which holds the client)");
    }

    private static void WriteChart(string directory, string column, string file, string yLabel, string title)
    {
        var runs = Directory.GetFiles(directory, "throughput-c*.csv")
            .Select(Read)
            .Where(r => r.Count > 0 && r[0].ContainsKey(column))
            .OrderBy(r => int.Parse(r[0]["concurrency"], CultureInfo.InvariantCulture))
            .ToList();
        var variants = runs.SelectMany(r => r.Select(x => x["variant"])).Distinct().ToList();
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / Math.Max(1, runs.Count);
        for (var k = 0; k < runs.Count; k++)
        {
            var bars = runs[k]
                .Select(x => (Variant: x["variant"], Value: double.Parse(x[column], CultureInfo.InvariantCulture)))
                .Where(x => !double.IsNaN(x.Value))
                .Select(x => new ScottPlot.Bar
                {
                    Position = variants.IndexOf(x.Variant) - 0.4 + width * (k + 0.5),
                    Value = x.Value,
                    Size = width * 0.95,
                    FillColor = palette.GetColor(k),
                    Label = x.Value.ToString("N0", CultureInfo.InvariantCulture),
                }).ToArray();
            var series = plot.Add.Bars(bars);
            series.LegendText = $"{runs[k][0]["concurrency"]} concurrent users";
            series.ValueLabelStyle.FontSize = 11;
        }

        plot.Axes.Bottom.SetTicks(variants.Select((_, i) => (double)i).ToArray(), variants.Select(v => BenchOptions.InLoadProcess(v) ? v + "*" : v).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Margins(bottom: 0, top: .15);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title(title);
        plot.YLabel(yLabel);
        var path = Path.Combine(directory, file);
        plot.SavePng(path, 1400, 600);
        Console.WriteLine($"wrote {path}");
    }

    private static List<Dictionary<string, string>> Read(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.Item1, p => p.Item2)).ToList();
    }

    private static string Ratio(VariantSummary s, VariantSummary? baseline) =>
        baseline is null || baseline["logins_per_s"] == 0 ? "-" : (s["logins_per_s"] / baseline["logins_per_s"]).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Triple(VariantSummary s, string step) =>
        string.Create(CultureInfo.InvariantCulture, $"{s[step + "_p50_ms"]:0.0}/{s[step + "_p95_ms"]:0.0}/{s[step + "_p99_ms"]:0.0}");

    private static string Number(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
