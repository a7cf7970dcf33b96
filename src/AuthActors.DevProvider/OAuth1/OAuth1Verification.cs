namespace AuthActors.DevProvider.OAuth1;

/// <summary>
/// The verdict on a signed OAuth 1 request: the verified consumer, token and protocol parameters, or the
/// problem (an <c>oauth_problem</c> value), its HTTP status (RFC 5849 §3.2) and companion parameters.
/// Never carries a secret.
/// </summary>
internal sealed record OAuth1Verification
{
    public bool IsValid => Problem is null;

    /// <summary>The <c>oauth_problem</c>, or <c>null</c> when the request verified.</summary>
    public string? Problem { get; init; }

    /// <summary>400 for malformed requests, 401 for bad credentials, signature, timestamp or nonce (§3.2).</summary>
    public int Status { get; init; } = StatusCodes.Status200OK;

    /// <summary>Extra problem parameters (<c>oauth_parameters_absent</c>, <c>oauth_acceptable_timestamps</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ProblemParameters { get; init; } = [];

    public DevOAuth1Client? Consumer { get; init; }

    public string? Token { get; init; }

    /// <summary>The protocol (<c>oauth_*</c>) parameters, each present once.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>A failure, optionally with one companion parameter (<paramref name="name"/> = <paramref name="value"/>).</summary>
    public static OAuth1Verification Fail(int status, string problem, string? name = null, string? value = null) =>
        new() { Status = status, Problem = problem, ProblemParameters = name is null ? [] : [new(name, value ?? string.Empty)] };

    /// <summary>The form-encoded error body fields: <c>oauth_problem</c> first, then the companions.</summary>
    public IEnumerable<KeyValuePair<string, string>> ProblemBody() =>
        new[] { new KeyValuePair<string, string>(OAuth1Problems.Problem, Problem ?? string.Empty) }.Concat(ProblemParameters);
}
