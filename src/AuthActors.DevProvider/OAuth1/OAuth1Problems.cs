namespace AuthActors.DevProvider.OAuth1;

/// <summary>
/// The <c>oauth_problem</c> values and companion parameters of the OAuth Problem Reporting extension
/// (wiki.oauth.net ProblemReporting), which OAuth 1 servers put in their form-encoded error bodies.
/// </summary>
internal static class OAuth1Problems
{
    public const string Problem = "oauth_problem";
    public const string ParametersAbsent = "oauth_parameters_absent";
    public const string ParametersRejected = "oauth_parameters_rejected";
    public const string AcceptableTimestamps = "oauth_acceptable_timestamps";
    public const string AcceptableVersions = "oauth_acceptable_versions";
    public const string Advice = "oauth_problem_advice";

    public const string SignatureInvalid = "signature_invalid";
    public const string NonceUsed = "nonce_used";
    public const string TimestampRefused = "timestamp_refused";
    public const string TokenRejected = "token_rejected";
    public const string VerifierInvalid = "verifier_invalid";
    public const string ConsumerKeyUnknown = "consumer_key_unknown";
    public const string ParameterAbsent = "parameter_absent";
    public const string ParameterRejected = "parameter_rejected";
    public const string SignatureMethodRejected = "signature_method_rejected";
    public const string VersionRejected = "version_rejected";
    public const string PermissionDenied = "permission_denied";
}
