using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using AuthActors.Engine.Attempts;
using AuthActors.Protocol.Pipeline;

namespace AuthActors.Engine.Telemetry;

/// <summary>
/// The engine's OpenTelemetry-compatible instruments and spans, on <see cref="System.Diagnostics"/> alone:
/// one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named <see cref="Name"/>. Nothing is
/// recorded unless a listener (an OpenTelemetry <c>MeterProvider</c> / <c>TracerProvider</c> with
/// <c>AddMeter("AuthActors")</c> / <c>AddSource("AuthActors")</c>) subscribes.
/// </summary>
/// <remarks>
/// Tags never carry a state, a code, a verifier, a token or a secret: only the provider name (a configured
/// one; anything else is <see cref="UnknownProvider"/>), the <see cref="FailureReason"/> as <c>error.type</c>,
/// and the kind of provider call.
/// </remarks>
public static class AuthActorsTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "AuthActors";

    /// <summary>The tag that names the provider.</summary>
    public const string ProviderTag = "authactors.provider";

    /// <summary>The tag that names the failure reason (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The tag of <see cref="AttemptsFailed"/>: <c>true</c> when a begin or callback was refused without ending an attempt.</summary>
    public const string RefusedTag = "authactors.refused";

    /// <summary>The tag of <see cref="ProviderCallDuration"/> that names the call (see <see cref="Calls"/>).</summary>
    public const string CallTag = "authactors.call";

    /// <summary>The tag of the begin and callback durations: <c>success</c> or <c>failure</c>.</summary>
    public const string OutcomeTag = "authactors.outcome";

    /// <summary>The provider tag's value for a name that is not configured (callers choose it: never echoed, to bound cardinality).</summary>
    public const string UnknownProvider = "_unknown";

    /// <summary>The span of a begin (in the facade).</summary>
    public const string BeginSpan = "authactors.begin";

    /// <summary>The span of a callback (in the attempt actor), linked to its begin span.</summary>
    public const string CallbackSpan = "authactors.callback";

    /// <summary>The span of the token exchange.</summary>
    public const string ExchangeSpan = "authactors.exchange";

    /// <summary>The span of the identification (id_token and user info).</summary>
    public const string IdentifySpan = "authactors.identify";

    private static readonly string? Version = typeof(AuthActorsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                                              ?? typeof(AuthActorsTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly ConcurrentDictionary<string, long> InFlight = new(StringComparer.Ordinal);

    /// <summary>The meter <c>AuthActors</c>.</summary>
    public static readonly Meter Meter = new(Name, Version);

    /// <summary>The activity source <c>AuthActors</c>.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, Version);

    /// <summary><c>authactors.attempts.begun</c>: attempts that began (persisted and redirected). Tag: provider.</summary>
    public static readonly Counter<long> AttemptsBegun = Meter.CreateCounter<long>("authactors.attempts.begun", "{attempt}", "Login attempts begun.");

    /// <summary><c>authactors.attempts.completed</c>: logins that completed with a token and an identity. Tag: provider.</summary>
    public static readonly Counter<long> AttemptsCompleted = Meter.CreateCounter<long>("authactors.attempts.completed", "{attempt}", "Logins completed.");

    /// <summary>
    /// <c>authactors.attempts.failed</c>: attempts that failed or expired (<c>authactors.refused=false</c>), and begins or
    /// callbacks refused without ending an attempt (<c>authactors.refused=true</c>). Tags: provider, <c>error.type</c>, refused.
    /// </summary>
    public static readonly Counter<long> AttemptsFailed = Meter.CreateCounter<long>("authactors.attempts.failed", "{attempt}", "Login attempts failed or refused.");

    /// <summary><c>authactors.requests.shed</c>: begins refused with <see cref="FailureReason.Busy"/> (load shedding). Tag: provider.</summary>
    public static readonly Counter<long> RequestsShed = Meter.CreateCounter<long>("authactors.requests.shed", "{request}", "Begins shed because too many were in flight.");

    /// <summary><c>authactors.begin.duration</c>: the facade's begin, ask included (seconds). Tags: provider, outcome, <c>error.type</c>.</summary>
    public static readonly Histogram<double> BeginDuration = Meter.CreateHistogram<double>("authactors.begin.duration", "s", "Duration of a begin.");

    /// <summary><c>authactors.callback.duration</c>: the facade's callback, exchange and identity included (seconds). Tags: provider, outcome, <c>error.type</c>.</summary>
    public static readonly Histogram<double> CallbackDuration = Meter.CreateHistogram<double>("authactors.callback.duration", "s", "Duration of a callback.");

    /// <summary><c>authactors.provider.call.duration</c>: one HTTP call to a provider (seconds). Tags: provider, <c>authactors.call</c>.</summary>
    public static readonly Histogram<double> ProviderCallDuration = Meter.CreateHistogram<double>("authactors.provider.call.duration", "s", "Duration of a call to a provider.");

    /// <summary>
    /// <c>authactors.attempts.in_flight</c>: attempts of this process waiting for a callback, exchanging or identifying,
    /// counted from the transitions seen by this process (an attempt recovered elsewhere is not counted). Tag: provider.
    /// </summary>
    public static readonly ObservableGauge<long> AttemptsInFlight = Meter.CreateObservableGauge("authactors.attempts.in_flight",
        () => InFlight.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(ProviderTag, p.Key))), "{attempt}", "Pending login attempts.");

    /// <summary>
    /// <c>authactors.grants.refreshes</c>: token refreshes made by the vault on this node. Tags: provider,
    /// outcome (<c>success</c> or <c>failure</c>), <c>error.type</c> (a <c>GrantFailureReason</c>) on failure.
    /// </summary>
    public static readonly Counter<long> GrantRefreshes = Meter.CreateCounter<long>("authactors.grants.refreshes", "{refresh}", "Token refreshes by the vault.");

    /// <summary>Counts one refresh of a grant; <paramref name="failure"/> is <c>null</c> on success.</summary>
    public static void RecordRefresh(string provider, string? failure)
    {
        var tags = new TagList { { ProviderTag, provider }, { OutcomeTag, failure is null ? "success" : "failure" } };
        if (failure is not null)
        {
            tags.Add(ErrorTypeTag, failure);
        }

        GrantRefreshes.Add(1, tags);
    }

    /// <summary>The values of <see cref="CallTag"/>.</summary>
    public static class Calls
    {
        /// <summary>The token request.</summary>
        public const string AccessToken = "access_token";

        /// <summary>The user info request.</summary>
        public const string UserInfo = "user_info";

        /// <summary>OAuth 1 temporary credentials.</summary>
        public const string RequestToken = "request_token";

        /// <summary>The OpenID Connect keys.</summary>
        public const string Jwks = "jwks";

        /// <summary>The OpenID Connect metadata.</summary>
        public const string Discovery = "discovery";

        /// <summary>The call tag of a pipeline call kind.</summary>
        public static string Of(ProviderCallKind kind) => kind switch
        {
            ProviderCallKind.AccessToken => AccessToken,
            ProviderCallKind.RequestToken => RequestToken,
            ProviderCallKind.Protected => UserInfo,
            ProviderCallKind.Discovery => Discovery,
            ProviderCallKind.RefreshToken => "refresh_token",
            ProviderCallKind.Revoke => "revoke",
            _ => kind.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>Records one provider call that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void RecordProviderCall(string provider, string call, long startTimestamp)
    {
        if (ProviderCallDuration.Enabled)
        {
            ProviderCallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>(ProviderTag, provider), new KeyValuePair<string, object?>(CallTag, call));
        }
    }

    /// <summary>Counts a refusal (a begin or callback answered with a failure without ending an attempt).</summary>
    public static void RecordRefused(string provider, FailureReason reason)
    {
        AttemptsFailed.Add(1, new KeyValuePair<string, object?>(ProviderTag, provider), new KeyValuePair<string, object?>(ErrorTypeTag, reason.ToString()),
            new KeyValuePair<string, object?>(RefusedTag, true));
        if (reason == FailureReason.Busy)
        {
            RequestsShed.Add(1, new KeyValuePair<string, object?>(ProviderTag, provider));
        }
    }

    /// <summary>Counts a transition of an attempt of this process: begun, completed, failed, and the in-flight gauge.</summary>
    public static void RecordTransition(string provider, AttemptPhase from, AttemptPhase to, FailureReason? reason)
    {
        var providerTag = new KeyValuePair<string, object?>(ProviderTag, provider);
        if (from == AttemptPhase.None && to != AttemptPhase.None)
        {
            AttemptsBegun.Add(1, providerTag);
        }

        if (to == AttemptPhase.Exchanged)
        {
            AttemptsCompleted.Add(1, providerTag);
        }
        else if (to is AttemptPhase.Failed or AttemptPhase.Expired)
        {
            AttemptsFailed.Add(1, providerTag, new KeyValuePair<string, object?>(ErrorTypeTag, (reason ?? FailureReason.Expired).ToString()),
                new KeyValuePair<string, object?>(RefusedTag, false));
        }

        var delta = (IsPending(to) ? 1 : 0) - (IsPending(from) ? 1 : 0);
        if (delta != 0)
        {
            InFlight.AddOrUpdate(provider, Math.Max(0, delta), (_, n) => Math.Max(0, n + delta));
        }
    }

    /// <summary>
    /// Starts an activity without making it <see cref="Activity.Current"/> (actors run many attempts on one thread:
    /// nothing ambient may leak from one message to the next). Returns <c>null</c> when nobody listens.
    /// </summary>
    /// <param name="name">The span name.</param>
    /// <param name="provider">The provider (the only tag).</param>
    /// <param name="parent">The W3C traceparent of the parent, if any.</param>
    /// <param name="link">The W3C traceparent of a linked span, if any.</param>
    public static Activity? StartDetached(string name, string provider, string? parent, string? link = null)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        // No parent means a root span here, never whatever happens to be ambient on this thread.
        Activity.Current = null;
        ActivityContext.TryParse(parent, null, out var parentContext);
        var links = ActivityContext.TryParse(link, null, out var linked) ? new[] { new ActivityLink(linked) } : null;
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal, parentContext, [new(ProviderTag, provider)], links);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>Ends <paramref name="activity"/> with an error status when <paramref name="reason"/> is set.</summary>
    public static void Stop(Activity? activity, FailureReason? reason)
    {
        if (activity is null)
        {
            return;
        }

        if (reason is { } r)
        {
            activity.SetTag(ErrorTypeTag, r.ToString());
            activity.SetStatus(ActivityStatusCode.Error, r.ToString());
        }

        var previous = Activity.Current;
        activity.Stop();
        Activity.Current = previous == activity ? null : previous;
    }

    private static bool IsPending(AttemptPhase phase) => phase is AttemptPhase.Redirected or AttemptPhase.Exchanging or AttemptPhase.Identifying;
}
