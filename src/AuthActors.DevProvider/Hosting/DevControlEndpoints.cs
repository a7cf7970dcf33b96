using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AuthActors.DevProvider.Http;

namespace AuthActors.DevProvider.Hosting;

/// <summary>The <c>/_dev</c> control endpoints: counters, knobs, reset and signing key rotation. Loopback-only tooling, no authentication.</summary>
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
    /// POST knobs/{clientId} with <c>{"latencyMs":250,"responseDelayMs":0,"errorRate":0.5,"dropRate":0,"quirk":"SlackShape",
    /// "idTokenFault":"AlgNone","accessTokenLifetimeSeconds":5}</c> (every member optional; enums by name).
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
                IdTokenFault = body["idTokenFault"] is { } f ? Enum.Parse<DevIdTokenFault>(f.ToString(), ignoreCase: true) : DevIdTokenFault.None,
                AccessTokenLifetime = body["accessTokenLifetimeSeconds"] is { } l ? TimeSpan.FromSeconds(l.GetValue<double>()) : null,
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

    /// <summary>
    /// POST rotate-keys?keepPrevious=true|false (default true): new signing keys; answers
    /// <c>{"signingKids":{"RS256":..,"ES256":..},"publishedKids":[..]}</c>.
    /// </summary>
    public Task RotateKeysAsync(HttpContext context)
    {
        var keep = context.Request.Query["keepPrevious"].ToString();
        if (keep.Length > 0 && !bool.TryParse(keep, out _))
        {
            return Responses.JsonAsync(context, StatusCodes.Status400BadRequest, Responses.ErrorObject("invalid_request", "keepPrevious must be true or false."));
        }

        State.RotateSigningKeys(keep.Length == 0 || bool.Parse(keep));
        var signing = new JsonObject(Oidc.IdTokens.Algorithms.Select(a => KeyValuePair.Create(a, (JsonNode?)State.SigningKeyId(a))));
        var published = new JsonArray(State.SigningKeys.Published.Select(k => (JsonNode?)k.Kid).ToArray());
        return Responses.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["signingKids"] = signing, ["publishedKids"] = published });
    }

    private static JsonObject ToJson(DevClientKnobs knobs) => new()
    {
        ["latencyMs"] = knobs.Latency.TotalMilliseconds,
        ["responseDelayMs"] = knobs.ResponseDelay.TotalMilliseconds,
        ["errorRate"] = knobs.ErrorRate,
        ["dropRate"] = knobs.DropRate,
        ["quirk"] = knobs.Quirk.ToString(),
        ["idTokenFault"] = knobs.IdTokenFault.ToString(),
        ["accessTokenLifetimeSeconds"] = knobs.AccessTokenLifetime?.TotalSeconds,
    };
}
