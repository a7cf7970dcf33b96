namespace AuthActors.DevProvider;

/// <summary>
/// Fault and quirk settings for one client (OAuth 2 <c>client_id</c> or OAuth 1 consumer key), applied by
/// the server-to-server endpoints: token, revoke, introspect, userinfo, request_token, access_token and the
/// OAuth 1 resource (the authorize endpoints honour <see cref="Latency"/> and the <c>iss</c> faults of
/// <see cref="IdTokenFault"/> only).
/// </summary>
public sealed record DevClientKnobs
{
    /// <summary>A delay before answering (real time, not the provider's clock).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// A delay after the token endpoint has processed the request (a code is already redeemed) and before it
    /// answers: a client that dies in this window has lost an outcome the provider already gave.
    /// </summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>The probability, 0 to 1, of answering 503 with an HTML page; 1 means always.</summary>
    public double ErrorRate { get; init; }

    /// <summary>The probability, 0 to 1, of aborting the connection without an answer; 1 means always.</summary>
    public double DropRate { get; init; }

    /// <summary>The non-standard response shape to reproduce.</summary>
    public DevQuirk Quirk { get; init; }

    /// <summary>
    /// The OpenID Connect defect to produce: in id_tokens from the token endpoint, in the authorization
    /// response's <c>iss</c> parameter, or in the userinfo answer (see each <see cref="DevIdTokenFault"/>).
    /// </summary>
    public DevIdTokenFault IdTokenFault { get; init; }

    /// <summary>
    /// The lifetime of access tokens issued to this client from now on, instead of the provider's
    /// <c>AccessTokenLifetime</c>; <c>null</c> keeps that. A lifetime of zero issues tokens that are already expired.
    /// </summary>
    public TimeSpan? AccessTokenLifetime { get; init; }
}
