namespace AuthActors.DevProvider.Http;

/// <summary>
/// Applies <see cref="DevClientKnobs"/> and their per-request header overrides: delay, 503, dropped
/// connection, and the quirk to shape the answer with.
/// </summary>
internal static class Faults
{
    /// <summary>Per-request latency in milliseconds (server-to-server endpoints).</summary>
    public const string LatencyHeader = "X-Dev-Latency-Ms";

    /// <summary>Per-request quirk, a <see cref="DevQuirk"/> name (server-to-server endpoints).</summary>
    public const string QuirkHeader = "X-Dev-Quirk";

    /// <summary>Per-request failure: <c>503</c> or <c>drop</c> (server-to-server endpoints).</summary>
    public const string FailHeader = "X-Dev-Fail";

    /// <summary>
    /// Waits for the configured latency, then, on a server-to-server endpoint, drops the connection or
    /// answers 503 when a knob or header says so.
    /// </summary>
    /// <returns>True when the request was answered or aborted here.</returns>
    public static async Task<bool> InjectAsync(HttpContext context, DevProviderState state, string? clientId, bool serverToServer)
    {
        var knobs = state.Knobs.Get(clientId);
        var latency = knobs?.Latency ?? TimeSpan.Zero;
        if (serverToServer && int.TryParse(context.Request.Headers[LatencyHeader], out var ms) && ms >= 0)
        {
            latency = TimeSpan.FromMilliseconds(ms);
        }

        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (!serverToServer)
        {
            return false;
        }

        var fail = context.Request.Headers[FailHeader].ToString();
        if (string.Equals(fail, "drop", StringComparison.OrdinalIgnoreCase) || state.Dice.Roll(knobs?.DropRate ?? 0))
        {
            state.Counters.FaultInjected();
            context.Abort();
            return true;
        }

        if (fail == "503" || state.Dice.Roll(knobs?.ErrorRate ?? 0))
        {
            state.Counters.FaultInjected();
            context.Response.Headers.RetryAfter = "1";
            await Responses.HtmlAsync(context, StatusCodes.Status503ServiceUnavailable, HtmlPages.Unavailable());
            return true;
        }

        return false;
    }

    /// <summary>The quirk for this request: the <see cref="QuirkHeader"/> when it names one, else the client's knob.</summary>
    public static DevQuirk Quirk(HttpContext context, DevProviderState state, string? clientId) =>
        Enum.TryParse<DevQuirk>(context.Request.Headers[QuirkHeader].ToString(), ignoreCase: true, out var fromHeader) &&
        Enum.IsDefined(fromHeader)
            ? fromHeader
            : state.Knobs.Get(clientId)?.Quirk ?? DevQuirk.None;
}
