using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Telemetry;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Tokens;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AuthActors.Engine.Tests;

/// <summary>The instruments are static: these specs run alone, so that every measurement is theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>Metrics, spans and the ended-login log line of real logins (SQLite, DevProvider), through the OpenTelemetry SDK.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private static readonly ActivitySource TestSource = new("AuthActors.Tests");
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<Activity> _spans = [];
    private readonly ConcurrentQueue<string> _logs = new();
    private EngineHarness _engine = null!;
    private MeterProvider _meterProvider = null!;
    private TracerProvider _tracerProvider = null!;

    public async Task InitializeAsync()
    {
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(AuthActorsTelemetry.Name).AddInMemoryExporter(_metrics).Build()!;
        _tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(AuthActorsTelemetry.Name, TestSource.Name).AddInMemoryExporter(_spans).Build()!;
        // The line per ended login is at Debug (a line per login at Information is too much for a busy farm).
        _engine = await EngineHarness.StartAsync("akka.loglevel = DEBUG");
        var logs = _engine.System!.ActorOf(Props.Create(() => new LogCollector(_logs)));
        _engine.System.EventStream.Subscribe(logs, typeof(LogEvent));
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _tracerProvider.Dispose();
        _meterProvider.Dispose();
    }

    [Fact]
    public async Task Logins_are_counted_timed_traced_and_logged_without_secrets()
    {
        // A login that completes (OAuth 2), one that completes by OpenID Connect, one whose exchange fails
        // (a forged code), and a callback refused for its binding.
        var (ok, okTrace) = await Traced(() => _engine.Flows.BeginAsync("dev2", Callback));
        var okCallback = await Browser.ApproveAsync(ok.AuthorizeUrl!);
        var (okResult, okCallbackTrace) = await Traced(() => _engine.Flows.CompleteAsync("dev2", null, okCallback, ok.BindingSecret));
        Assert.True(okResult.IsSuccess, okResult.Failure?.ToString());

        var oidc = await _engine.Flows.BeginAsync("oidc", Callback);
        Assert.True(oidc.IsSuccess, oidc.Failure?.ToString());
        var oidcCallback = await Browser.ApproveAsync(oidc.AuthorizeUrl!);
        var oidcResult = await _engine.Flows.CompleteAsync("oidc", null, oidcCallback, oidc.BindingSecret);
        Assert.True(oidcResult.IsSuccess, oidcResult.Failure?.ToString());

        var bad = await _engine.Flows.BeginAsync("dev2", Callback);
        var badCallback = (await Browser.ApproveAsync(bad.AuthorizeUrl!)).Select(p => p.Key == "code" ? new KeyValuePair<string, string>("code", "forged-code-0123456789") : p).ToList();
        var refused = await _engine.Flows.CompleteAsync("dev2", null, badCallback, "not-the-binding-secret");
        Assert.Equal(FailureReason.BindingMismatch, refused.Failure?.Reason);
        var badResult = await _engine.Flows.CompleteAsync("dev2", null, badCallback, bad.BindingSecret);
        var failedReason = Assert.IsType<FailureReason>(badResult.Failure?.Reason);

        // The attempts' counters are recorded by the telemetry subscriber from the event stream, after the callback
        // has been answered: wait for the last of them (the failed attempt's) too, not only for the spans and logs.
        await Eventually(() => _spans.Count(s => s.OperationName == AuthActorsTelemetry.CallbackSpan) >= 4
                               && _logs.Count(l => l.Contains("ended:", StringComparison.Ordinal)) >= 3
                               && _meterProvider.ForceFlush()
                               && Sum("authactors.attempts.failed", ("authactors.provider", "dev2"), ("authactors.refused", false)) >= 1);
        _meterProvider.ForceFlush();
        _tracerProvider.ForceFlush();

        // Counters, by provider and error.type.
        Assert.Equal(2, Sum("authactors.attempts.begun", ("authactors.provider", "dev2")));
        Assert.Equal(1, Sum("authactors.attempts.begun", ("authactors.provider", "oidc")));
        Assert.Equal(1, Sum("authactors.attempts.completed", ("authactors.provider", "dev2")));
        Assert.Equal(1, Sum("authactors.attempts.completed", ("authactors.provider", "oidc")));
        Assert.Equal(1, Sum("authactors.attempts.failed", ("authactors.provider", "dev2"), ("error.type", failedReason.ToString()), ("authactors.refused", false)));
        Assert.Equal(1, Sum("authactors.attempts.failed", ("authactors.provider", "dev2"), ("error.type", nameof(FailureReason.BindingMismatch)), ("authactors.refused", true)));
        Assert.Equal(0, Sum("authactors.attempts.failed", ("authactors.provider", "oidc")));

        // Histograms.
        Assert.Equal(3, HistogramCount("authactors.begin.duration"));
        Assert.Equal(4, HistogramCount("authactors.callback.duration"));
        Assert.True(HistogramCount("authactors.provider.call.duration", ("authactors.call", "access_token")) >= 3);
        Assert.True(HistogramCount("authactors.provider.call.duration", ("authactors.call", "user_info")) >= 2);
        Assert.True(HistogramCount("authactors.provider.call.duration", ("authactors.provider", "oidc"), ("authactors.call", "discovery")) >= 1);
        Assert.True(HistogramCount("authactors.provider.call.duration", ("authactors.provider", "oidc"), ("authactors.call", "jwks")) >= 1);
        Assert.Contains(_metrics, m => m.Name == "authactors.attempts.in_flight");

        // Spans: begin in the facade; callback (linked to the begin, across the journal), exchange and identify in the attempt.
        var begin = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.BeginSpan && s.TraceId == okTrace);
        Assert.Equal("dev2", begin.GetTagItem(AuthActorsTelemetry.ProviderTag));
        var callback = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.CallbackSpan && s.TraceId == okCallbackTrace);
        var link = Assert.Single(callback.Links).Context;
        Assert.Equal((begin.TraceId, begin.SpanId), (link.TraceId, link.SpanId));
        Assert.Equal("dev2", callback.GetTagItem(AuthActorsTelemetry.ProviderTag));
        var exchange = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.ExchangeSpan && s.ParentSpanId == callback.SpanId);
        var identify = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.IdentifySpan && s.ParentSpanId == callback.SpanId);
        Assert.Equal(ActivityStatusCode.Unset, exchange.Status);
        Assert.Equal(ActivityStatusCode.Unset, identify.Status);
        var failedExchange = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.ExchangeSpan && s.Status == ActivityStatusCode.Error);
        Assert.Equal(failedReason.ToString(), failedExchange.GetTagItem("error.type"));

        // One log line per ended login (at Debug), with its log reference and never its state.
        var line = Assert.Single(_logs, l => l.Contains(AuthorizationAttempt.LogReference(ok.AttemptId), StringComparison.Ordinal) && l.Contains("ended:", StringComparison.Ordinal));
        Assert.Contains("Completed", line, StringComparison.Ordinal);
        Assert.Contains("dev2", line, StringComparison.Ordinal);
        Assert.Single(_logs, l => l.Contains(AuthorizationAttempt.LogReference(bad.AttemptId), StringComparison.Ordinal) && l.Contains($"ended: {failedReason}", StringComparison.Ordinal));

        // No state, code, token or binding secret in any span, metric tag or log line.
        var token = Assert.IsType<OAuth2Token>(okResult.Token);
        var oidcToken = Assert.IsType<OAuth2Token>(oidcResult.Token);
        string[] secrets =
        [
            ok.AttemptId, oidc.AttemptId, bad.AttemptId, ok.BindingSecret, oidc.BindingSecret, bad.BindingSecret,
            okCallback.Single(p => p.Key == "code").Value, oidcCallback.Single(p => p.Key == "code").Value, "forged-code-0123456789",
            token.AccessToken, oidcToken.AccessToken, oidcToken.IdToken!, .. new[] { token.RefreshToken, oidcToken.RefreshToken }.OfType<string>(),
        ];
        var exported = _spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName).Append(s.StatusDescription ?? string.Empty)
                .Concat(s.Events.Select(e => e.Name)))
            .Concat(_metrics.SelectMany(m => m.MetricPoints.SelectMany(p => Tags(p).Select(t => $"{t.Key}={t.Value}"))))
            .Concat(_logs)
            .ToList();
        Assert.NotEmpty(exported);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, e => e.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_callback_recovered_from_the_journal_still_links_to_its_begin()
    {
        var (begun, trace) = await Traced(() => _engine.Flows.BeginAsync("dev2", Callback));
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        // The attempt's actor is gone with its system: the callback's incarnation knows the begin only from the journal.
        await _engine.StopSystemAsync();
        _engine.StartSystem();

        var completed = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);

        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        await Eventually(() => _spans.Any(s => s.OperationName == AuthActorsTelemetry.CallbackSpan));
        var begin = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.BeginSpan && s.TraceId == trace);
        var linked = Assert.Single(_spans, s => s.OperationName == AuthActorsTelemetry.CallbackSpan).Links.Single().Context;
        Assert.Equal((begin.TraceId, begin.SpanId), (linked.TraceId, linked.SpanId));
    }

    [Fact]
    public async Task An_unknown_provider_is_counted_under_a_bounded_provider_tag()
    {
        await _engine.Flows.BeginAsync("no-such-provider-" + Guid.NewGuid().ToString("N"), Callback);
        _meterProvider.ForceFlush();

        Assert.Equal(1, Sum("authactors.attempts.failed", ("authactors.provider", AuthActorsTelemetry.UnknownProvider), ("error.type", nameof(FailureReason.UnknownProvider))));
        Assert.DoesNotContain(_metrics.SelectMany(m => m.MetricPoints.SelectMany(Tags)), t => t.Value?.ToString()?.StartsWith("no-such-provider", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(_spans, s => s.OperationName == AuthActorsTelemetry.BeginSpan);
    }

    [Fact]
    public async Task Vault_refreshes_are_counted_by_outcome()
    {
        _engine.Provider.Knobs.Set("dev-client", new DevProvider.DevClientKnobs { AccessTokenLifetime = TimeSpan.FromSeconds(5) });
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        var login = await _engine.Flows.CompleteAsync("dev2", null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
        _engine.Provider.Knobs.Set("dev-client", new DevProvider.DevClientKnobs { ErrorRate = 1 });
        var failed = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);
        _engine.Provider.Knobs.ClearAll();
        var refreshed = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);
        _meterProvider.ForceFlush();

        Assert.False(failed.IsSuccess);
        Assert.True(refreshed.IsSuccess, refreshed.Failure?.ToString());
        Assert.Equal(1, Sum("authactors.grants.refreshes", ("authactors.provider", "dev2"), ("authactors.outcome", "success")));
        Assert.Equal(1, Sum("authactors.grants.refreshes", ("authactors.provider", "dev2"), ("authactors.outcome", "failure"), ("error.type", "ProviderUnavailable")));
        Assert.True(HistogramCount("authactors.provider.call.duration", ("authactors.call", "refresh_token")) >= 2);
    }

    [Fact]
    public async Task Shed_begins_are_counted()
    {
        await using var capped = await EngineHarness.StartAsync("authactors.shedding.max-concurrent-begins-per-provider = 1");
        // OAuth 1 begins wait for the provider's temporary credentials: slow them down so that they overlap.
        capped.Provider.Knobs.Set("dev-consumer", new DevProvider.DevClientKnobs { Latency = TimeSpan.FromMilliseconds(500) });

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => capped.Flows.BeginAsync("dev1", Callback)));
        _meterProvider.ForceFlush();

        var shed = results.Count(r => r.Failure?.Reason == FailureReason.Busy);
        Assert.True(shed >= 1, "no begin was shed");
        Assert.Equal(shed, Sum("authactors.requests.shed", ("authactors.provider", "dev1")));
        Assert.Equal(shed, Sum("authactors.attempts.failed", ("authactors.provider", "dev1"), ("error.type", nameof(FailureReason.Busy)), ("authactors.refused", true)));
    }

    // Runs a facade call under a span of the test's own, as a web request would: its trace is the trace of what the call starts.
    private static async Task<(T Result, ActivityTraceId Trace)> Traced<T>(Func<Task<T>> call)
    {
        using var request = TestSource.StartActivity("test.request") ?? throw new InvalidOperationException("The test source has no listener.");
        return (await call(), request.TraceId);
    }

    private long Sum(string name, params (string Key, object Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    private long HistogramCount(string name, params (string Key, object Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetHistogramCount());

    private IEnumerable<MetricPoint> Points(string name, (string Key, object Value)[] tags)
    {
        // Cumulative temporality: the last export holds the totals.
        var metric = _metrics.LastOrDefault(m => m.Name == name);
        return metric is null
            ? []
            : metric.MetricPoints.Where(p => tags.All(t => Tags(p).Any(pt => pt.Key == t.Key && Equals(pt.Value, t.Value))));
    }

    private static IEnumerable<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var result = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            result.Add(new(tag.Key, tag.Value));
        }

        return result;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }

    private sealed class LogCollector : ReceiveActor
    {
        public LogCollector(ConcurrentQueue<string> logs) => Receive<LogEvent>(e => logs.Enqueue(e.ToString()));
    }
}
