using System.Globalization;
using System.Text;

namespace AuthActors.Bench;

/// <summary>The table, the ratios, the CSV and the chart.</summary>
internal static class Report
{
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static void Print(IReadOnlyList<VariantResult> results)
    {
        var aspnet = results.FirstOrDefault(r => r.Variant == "aspnetcore");
        var bare = results.FirstOrDefault(r => r.Variant == "bare");
        Console.WriteLine();
        Console.WriteLine($"{"variant",-22} {"logins/s",9} {"×aspnet",8} {"×bare",7} {"begin p50/p95/p99 ms",22} {"complete p50/p95/p99 ms",24} {"alloc KB",9} {"cpu µs",8} {"peak RSS MB",11}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Variant,-22} {r.LoginsPerSecond,9:N0} {Ratio(r, aspnet),8} {Ratio(r, bare),7} {Latencies(r.BeginMs),22} {Latencies(r.CompleteMs),24} {r.AllocatedBytesPerLogin / 1024,9:N1} {r.AppCpuMicrosPerLogin,8:N0} {r.PeakRssBytes / 1048576.0,11:N0}"));
        }

        Console.WriteLine("cpu µs: this process's CPU per login (app + load generator; the DevProvider runs apart). alloc: this process's allocations per login.");
    }

    public static void WriteCsv(IReadOnlyList<VariantResult> results, string directory)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("variant,concurrency,seconds,logins,errors,logins_per_s,ratio_aspnetcore,ratio_bare,begin_p50_ms,begin_p95_ms,begin_p99_ms,complete_p50_ms,complete_p95_ms,complete_p99_ms,alloc_bytes_per_login,app_cpu_us_per_login,provider_cpu_us_per_login,peak_rss_bytes\n");
        var aspnet = results.FirstOrDefault(r => r.Variant == "aspnetcore");
        var bare = results.FirstOrDefault(r => r.Variant == "bare");
        foreach (var r in results)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Variant},{r.Concurrency},{r.Seconds:0.00},{r.Logins},{r.Errors},{r.LoginsPerSecond:0.0},{Ratio(r, aspnet)},{Ratio(r, bare)},{Percentile(r.BeginMs, .5):0.000},{Percentile(r.BeginMs, .95):0.000},{Percentile(r.BeginMs, .99):0.000},{Percentile(r.CompleteMs, .5):0.000},{Percentile(r.CompleteMs, .95):0.000},{Percentile(r.CompleteMs, .99):0.000},{r.AllocatedBytesPerLogin:0},{r.AppCpuMicrosPerLogin:0},{r.ProviderCpuMicrosPerLogin:0},{r.PeakRssBytes}"));
        }

        var path = Path.Combine(directory, $"throughput-c{results[0].Concurrency}.csv");
        File.WriteAllText(path, csv.ToString());
        Console.WriteLine($"wrote {path}");
    }

    /// <summary>
    /// Draws <c>throughput.png</c> from every <c>throughput-c*.csv</c> in <paramref name="directory"/>: logins/s per
    /// variant, one bar per concurrency.
    /// </summary>
    public static void WriteChart(string directory)
    {
        var runs = Directory.GetFiles(directory, "throughput-c*.csv")
            .Select(f => File.ReadAllLines(f).Skip(1).Select(l => l.Split(',')).Select(c => (Variant: c[0], Concurrency: int.Parse(c[1], CultureInfo.InvariantCulture), Rate: double.Parse(c[5], CultureInfo.InvariantCulture))).ToList())
            .OrderBy(r => r[0].Concurrency)
            .ToList();
        var variants = runs.SelectMany(r => r.Select(x => x.Variant)).Distinct().ToList();
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / runs.Count;
        for (var k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            var bars = run.Select(x => new ScottPlot.Bar
            {
                Position = variants.IndexOf(x.Variant) - 0.4 + width * (k + 0.5),
                Value = x.Rate,
                Size = width * 0.95,
                FillColor = palette.GetColor(k),
                Label = x.Rate.ToString("N0", CultureInfo.InvariantCulture),
            }).ToArray();
            var series = plot.Add.Bars(bars);
            series.LegendText = $"{run[0].Concurrency} concurrent users";
            series.ValueLabelStyle.FontSize = 11;
        }

        plot.Axes.Bottom.SetTicks(variants.Select((_, i) => (double)i).ToArray(), variants.ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Margins(bottom: 0, top: .15);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title("Full OAuth logins per second (2 cores: provider, app and load generator on one machine)");
        plot.YLabel("logins/s");
        var path = Path.Combine(directory, "throughput.png");
        plot.SavePng(path, 1400, 600);
        Console.WriteLine($"wrote {path}");
    }

    private static string Ratio(VariantResult r, VariantResult? baseline) =>
        baseline is null || baseline.LoginsPerSecond == 0 ? "-" : (r.LoginsPerSecond / baseline.LoginsPerSecond).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Latencies(double[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, .5):0.0}/{Percentile(sorted, .95):0.0}/{Percentile(sorted, .99):0.0}");
}
