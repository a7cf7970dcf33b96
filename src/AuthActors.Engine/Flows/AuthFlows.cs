using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Configuration;
using AuthActors.Engine.Statistics;
using AuthActors.Engine.Telemetry;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Providers;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;
using Status = AuthActors.Engine.Attempts.AuthorizationAttempt.Status;

namespace AuthActors.Engine.Flows;

/// <summary>
/// The <see cref="IAuthFlows"/> facade over the attempt routers: a provider supervisor per provider in the
/// single-process mode, a sharding region or proxy per provider in a cluster. It generates attempt ids and
/// binding secrets, hashes the secrets, and turns timeouts into typed failures.
/// </summary>
public sealed class AuthFlows : IAuthFlows
{
    /// <summary>
    /// The query parameter that carries the attempt id in OAuth 1 callback URLs. OAuth 1 callbacks have no
    /// <c>state</c>, and the provider echoes the callback URL, so any node can route the callback.
    /// </summary>
    public const string AttemptParameter = "attempt";

    private readonly IReadOnlyDictionary<string, (ProviderDefinition Definition, IActorRef Router)> _providers;
    private readonly AuthActorsSettings _settings;
    private readonly IRandomSource _random;
    private readonly IActorRef? _statistics;
    private readonly ITokenVault? _vault;
    private readonly Dictionary<string, Gate> _begins;
    private readonly TimeProvider _clock;

    /// <summary>Creates the facade.</summary>
    /// <param name="providers">Each provider with the actor that routes its attempts.</param>
    /// <param name="settings">The engine settings: ask deadlines and the begin cap.</param>
    /// <param name="random">The random source for ids and secrets; the CSPRNG by default.</param>
    /// <param name="statistics">The node's <see cref="AttemptStatistics"/> actor, if any.</param>
    /// <param name="vault">The token vault that completed logins store their tokens in, when <c>authactors.vault.store-on-login</c> is on.</param>
    /// <param name="clock">The clock whose millisecond leads each attempt id (<see cref="RandomTokens.TimeOrdered"/>); the system's by default.</param>
    public AuthFlows(IEnumerable<(ProviderDefinition Definition, IActorRef Router)> providers, AuthActorsSettings settings, IRandomSource? random = null,
        IActorRef? statistics = null, ITokenVault? vault = null, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _statistics = statistics;
        _vault = settings?.Vault.StoreOnLogin == true ? vault : null;
        _providers = providers.ToDictionary(p => p.Definition.Name, p => p, StringComparer.Ordinal);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _begins = _providers.Keys.ToDictionary(k => k, _ => new Gate(settings.MaxConcurrentBegins), StringComparer.Ordinal);
        _random = random ?? CryptoRandomSource.Instance;
        Providers = _providers.Values
            .Select(p => new ProviderInfo(p.Definition.Name, p.Definition.DisplayName ?? p.Definition.Name, p.Definition.OAuthVersion))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<ProviderInfo> Providers { get; }

    /// <summary>The SHA-256 (base64url) of a binding secret: what the attempt stores and compares.</summary>
    public static string HashBinding(string bindingSecret) => Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(bindingSecret)));

    /// <inheritdoc />
    public async Task<BeginResult> BeginAsync(string provider, string redirectUri, BeginOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = _providers.ContainsKey(provider)
            ? AuthActorsTelemetry.ActivitySource.StartActivity(AuthActorsTelemetry.BeginSpan, ActivityKind.Internal, default(ActivityContext),
                [new(AuthActorsTelemetry.ProviderTag, provider)])
            : null;
        var result = await BeginCoreAsync(provider, redirectUri, options, span?.Id, cancellationToken).ConfigureAwait(false);
        Measure(AuthActorsTelemetry.BeginDuration, span, provider, started, result.Failure);
        return result;
    }

    private async Task<BeginResult> BeginCoreAsync(string provider, string redirectUri, BeginOptions? options, string? traceParent, CancellationToken cancellationToken)
    {
        // Time first: attempts begun together are written to the journal's index together (see TimeOrdered); 208
        // random bits keep the id, which is the OAuth 2 state, unguessable.
        var attemptId = RandomTokens.TimeOrdered(_random, _clock.GetUtcNow(), 26);
        var secret = RandomTokens.UrlSafe(_random, 32);
        if (!_providers.TryGetValue(provider, out var p))
        {
            return new BeginResult(attemptId, null, null, secret, Refuse(provider, UnknownProvider(attemptId, provider)));
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return new BeginResult(attemptId, null, null, secret, Refuse(provider, new Failed(attemptId, FailureReason.InvalidRequest, null, "The redirect URI must be absolute.")));
        }

        var gate = _begins[provider];
        if (!gate.TryEnter())
        {
            // Load shedding: fail at once rather than queue behind a slow provider.
            return new BeginResult(attemptId, null, null, secret, Refuse(provider, new Failed(attemptId, FailureReason.Busy, null,
                $"Too many logins with '{provider}' are beginning at once; retry shortly.")));
        }

        try
        {
            var callback = p.Definition.OAuthVersion == 1 ? FormEncoding.AppendQuery(redirectUri, [new(AttemptParameter, attemptId)]) : redirectUri;
            var begin = new Begin(provider, attemptId, callback, HashBinding(secret), options?.ExtraParameters ?? []) { TraceParent = traceParent, IsNew = true };
            return await AskAsync(p.Router, begin, _settings.BeginTimeout, cancellationToken).ConfigureAwait(false) switch
            {
                Begun begun => new BeginResult(attemptId, begun.AuthorizeUrl, begun.State, secret, null),
                Failed failed => new BeginResult(attemptId, null, null, secret, failed),
                var other => new BeginResult(attemptId, null, null, secret, Unexpected(attemptId, other)),
            };
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <inheritdoc />
    public async Task<CompleteResult> CompleteAsync(string provider, string? attemptId, IReadOnlyList<KeyValuePair<string, string>> callbackParameters,
        string? bindingSecret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackParameters);
        var started = Stopwatch.GetTimestamp();
        var result = await CompleteCoreAsync(provider, attemptId, callbackParameters, bindingSecret, cancellationToken).ConfigureAwait(false);
        Measure(AuthActorsTelemetry.CallbackDuration, null, provider, started, result.Failure);
        return result;
    }

    private async Task<CompleteResult> CompleteCoreAsync(string provider, string? attemptId, IReadOnlyList<KeyValuePair<string, string>> callbackParameters,
        string? bindingSecret, CancellationToken cancellationToken)
    {
        attemptId ??= AttemptIdOf(provider, callbackParameters);
        if (!_providers.TryGetValue(provider, out var p))
        {
            return new CompleteResult(attemptId ?? string.Empty, null, Refuse(provider, UnknownProvider(attemptId ?? string.Empty, provider)));
        }

        if (attemptId is null || !IsWellFormedId(attemptId))
        {
            return new CompleteResult(attemptId ?? string.Empty, null, Refuse(provider, new Failed(attemptId ?? string.Empty,
                p.Definition.OAuthVersion == 2 ? FailureReason.StateMismatch : FailureReason.UnknownAttempt, null,
                "The callback does not name a login attempt of this engine.")));
        }

        if (string.IsNullOrEmpty(bindingSecret))
        {
            return new CompleteResult(attemptId, null, Refuse(provider, new Failed(attemptId, FailureReason.BindingMismatch, null,
                "The browser presented no binding cookie for this login.")));
        }

        // The callback's span starts in the attempt (which knows the begin's span, to link it); its parent is the caller's.
        var complete = new Complete(provider, attemptId, callbackParameters, HashBinding(bindingSecret)) { TraceParent = Activity.Current?.Id };
        return await AskAsync(p.Router, complete, _settings.CompleteTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            Completed completed => new CompleteResult(attemptId, completed.Token, null)
            {
                Identity = completed.Identity,
                // The grant is written before the login is handed out, so the application can use it at once.
                Grant = _vault is not null && completed.Identity is { } identity
                    ? await _vault.StoreAsync(attemptId, identity, completed.Token, cancellationToken).ConfigureAwait(false)
                    : null,
            },
            Failed failed => new CompleteResult(attemptId, null, failed),
            var other => new CompleteResult(attemptId, null, Unexpected(attemptId, other)),
        };
    }

    /// <inheritdoc />
    public async Task<Status> GetStatusAsync(string provider, string attemptId, CancellationToken cancellationToken = default)
    {
        if (!_providers.TryGetValue(provider, out var p) || !IsWellFormedId(attemptId))
        {
            return new Status(attemptId, provider, AttemptPhase.None, null, null);
        }

        return await AskAsync(p.Router, new GetStatus(provider, attemptId), _settings.AskTimeout, cancellationToken).ConfigureAwait(false) as Status
               ?? new Status(attemptId, provider, AttemptPhase.None, null, FailureReason.Timeout);
    }

    /// <inheritdoc />
    public async Task<AttemptStatistics.Snapshot> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        _statistics is null
            ? new AttemptStatistics.Snapshot(DateTimeOffset.UtcNow, new Dictionary<string, AttemptStatistics.ProviderCounts>(), new Dictionary<FailureReason, long>(), [])
            : await _statistics.Ask<AttemptStatistics.Snapshot>(AttemptStatistics.GetSnapshot.Instance, _settings.AskTimeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public string? AttemptIdOf(string provider, IReadOnlyList<KeyValuePair<string, string>> callbackParameters) =>
        _providers.TryGetValue(provider, out var p) && p.Definition.OAuthVersion == 1
            ? callbackParameters.First(AttemptParameter)
            : callbackParameters.First(OAuth2Constants.AuthorizeResponse.State);

    private static async Task<object> AskAsync(IActorRef router, ICommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await AskDeadlines.AskAsync(router, command, timeout, cancellationToken).ConfigureAwait(false);
        return reply is AskDeadlines.Passed
            ? new Failed(command.AttemptId, FailureReason.Timeout, null, $"The engine did not answer within {timeout.TotalSeconds:0.#} s.")
            : reply;
    }

    // A non-blocking counter: a cap of 0 never refuses.
    private sealed class Gate(int cap)
    {
        private int _inFlight;

        public bool TryEnter()
        {
            if (Interlocked.Increment(ref _inFlight) <= cap || cap <= 0)
            {
                return true;
            }

            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        public void Exit() => Interlocked.Decrement(ref _inFlight);
    }

    // Refusals decided here, before any attempt is involved, are counted like the attempts' own.
    private Failed Refuse(string provider, Failed failure)
    {
        _statistics?.Tell(new AttemptStatistics.Refused(provider, failure.Reason));
        AuthActorsTelemetry.RecordRefused(ProviderTagOf(provider), failure.Reason);
        return failure;
    }

    // Provider names come from requests: only configured ones become tag values.
    private string ProviderTagOf(string provider) => _providers.ContainsKey(provider) ? provider : AuthActorsTelemetry.UnknownProvider;

    private void Measure(Histogram<double> histogram, Activity? span, string provider, long started, Failed? failure)
    {
        var providerTag = ProviderTagOf(provider);
        if (histogram.Enabled)
        {
            var tags = new TagList
            {
                { AuthActorsTelemetry.ProviderTag, providerTag },
                { AuthActorsTelemetry.OutcomeTag, failure is null ? "success" : "failure" },
            };
            if (failure is not null)
            {
                tags.Add(AuthActorsTelemetry.ErrorTypeTag, failure.Reason.ToString());
            }

            histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (span is not null && failure is not null)
        {
            span.SetTag(AuthActorsTelemetry.ErrorTypeTag, failure.Reason.ToString());
            span.SetStatus(ActivityStatusCode.Error, failure.Reason.ToString());
        }
    }

    private static Failed UnknownProvider(string attemptId, string provider) =>
        new(attemptId, FailureReason.UnknownProvider, null, $"No provider named '{provider}' is configured.");

    private static Failed Unexpected(string attemptId, object reply) =>
        new(attemptId, FailureReason.InvalidRequest, null, $"Unexpected reply {reply.GetType().Name}.");
}
