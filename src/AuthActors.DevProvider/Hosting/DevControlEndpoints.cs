using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AuthActors.DevProvider.Http;

namespace AuthActors.DevProvider.Hosting;

/// <summary>The <c>/_dev</c> control endpoints: counters, knobs and reset. Loopback-only tooling, no authentication.</summary>
internal sealed class DevControlEndpoints(DevRoutes routes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private DevProviderState State => routes.State;

    /// <summary>GET counters.</summary>
    public Task CountersAsync(HttpContext context) =>
        Responses.JsonAsync(context, StatusCodes.Status200OK, JsonSerializer.SerializeToNode(State.Counters.Snapshot(), Json)!);

    /// <summary>GET knobs: every client's knobs.</summary>
    public Task AllKnobsAsync(HttpContext context) =>
        Responses.JsonAsync(context, StatusCodes.Status200OK,
            new JsonObject(State.Knobs.All().Select(k => KeyValuePair.Create(k.Key, (JsonNode?)ToJson(k.Value)))));

    /// <summary>
    /// POST knobs/{clientId} with <c>{"latencyMs":250,"responseDelayMs":0,"errorRate":0.5,"dropRate":0,"quirk":"SlackShape"}</c>
    /// (every member optional).
    /// </summary>
    public async Task SetKnobsAsync(HttpContext context, string clientId)
    {
        DevClientKnobs knobs;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
            knobs = new DevClientKnobs
            {
                Latency = TimeSpan.FromMilliseconds(body["latencyMs"]?.GetValue<double>() ?? 0),
                ResponseDelay = TimeSpan.FromMilliseconds(body["responseDelayMs"]?.GetValue<double>() ?? 0),
                ErrorRate = body["errorRate"]?.GetValue<double>() ?? 0,
                DropRate = body["dropRate"]?.GetValue<double>() ?? 0,
                Quirk = body["quirk"] is { } q ? Enum.Parse<DevQuirk>(q.ToString(), ignoreCase: true) : DevQuirk.None,
            };
            State.Knobs.Set(clientId, knobs);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            await Responses.JsonAsync(context, StatusCodes.Status400BadRequest, Responses.ErrorObject("invalid_request", "Invalid knobs: " + e.Message));
            return;
        }

        await Responses.JsonAsync(context, StatusCodes.Status200OK, ToJson(knobs));
    }

    /// <summary>DELETE knobs/{clientId}.</summary>
    public Task ClearKnobsAsync(HttpContext context, string clientId)
    {
        State.Knobs.Clear(clientId);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>POST reset: counters and knobs.</summary>
    public Task ResetAsync(HttpContext context)
    {
        State.Reset();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static JsonObject ToJson(DevClientKnobs knobs) => new()
    {
        ["latencyMs"] = knobs.Latency.TotalMilliseconds,
        ["responseDelayMs"] = knobs.ResponseDelay.TotalMilliseconds,
        ["errorRate"] = knobs.ErrorRate,
        ["dropRate"] = knobs.DropRate,
        ["quirk"] = knobs.Quirk.ToString(),
    };
}
