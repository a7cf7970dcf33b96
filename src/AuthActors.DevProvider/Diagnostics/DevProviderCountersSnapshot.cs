using System.Text.Json.Serialization;

namespace AuthActors.DevProvider;

/// <summary>A copy of <see cref="DevProviderCounters"/> at one moment; also the JSON of <c>/_dev/counters</c>.</summary>
/// <param name="Requests">Requests per endpoint key (<see cref="DevProviderCounters.Endpoints"/>).</param>
/// <param name="CodesIssued">Authorization codes issued.</param>
/// <param name="CodesRedeemed">Authorization codes exchanged.</param>
/// <param name="CodeReuseAttempts">Attempts to redeem a used code.</param>
/// <param name="RefreshRotations">Refresh tokens rotated.</param>
/// <param name="RefreshReuseAttempts">Attempts to use a rotated refresh token.</param>
/// <param name="RequestTokensIssued">OAuth 1 temporary credentials issued.</param>
/// <param name="OAuth1AccessTokensIssued">OAuth 1 token credentials issued.</param>
/// <param name="SignatureFailures">OAuth 1 signature failures.</param>
/// <param name="NonceReplays">OAuth 1 nonce replays refused.</param>
/// <param name="InjectedFaults">Injected 503 answers and dropped connections.</param>
public sealed record DevProviderCountersSnapshot(
    IReadOnlyDictionary<string, long> Requests,
    long CodesIssued,
    long CodesRedeemed,
    long CodeReuseAttempts,
    long RefreshRotations,
    long RefreshReuseAttempts,
    long RequestTokensIssued,
    [property: JsonPropertyName("oauth1AccessTokensIssued")] long OAuth1AccessTokensIssued,
    long SignatureFailures,
    long NonceReplays,
    long InjectedFaults)
{
    /// <summary>Requests that reached <paramref name="endpoint"/>, 0 when none did.</summary>
    public long Get(string endpoint) => Requests.TryGetValue(endpoint, out var count) ? count : 0;
}
