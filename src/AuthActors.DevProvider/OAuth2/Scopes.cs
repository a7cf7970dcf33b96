namespace AuthActors.DevProvider.OAuth2;

/// <summary>Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive, order irrelevant.</summary>
internal static class Scopes
{
    public static string[] Split(string? scope) => (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The scope normalised (single spaces), or <c>null</c> when empty.</summary>
    public static string? Normalize(string? scope) => Split(scope) is { Length: > 0 } parts ? string.Join(' ', parts) : null;

    /// <summary>True when the client may ask for every scope in <paramref name="scope"/>.</summary>
    public static bool Allowed(DevOAuth2Client client, string? scope) =>
        client.AllowedScopes is null || Split(scope).All(client.AllowedScopes.Contains);

    /// <summary>True when every scope in <paramref name="requested"/> is in <paramref name="granted"/> (RFC 6749 §6).</summary>
    public static bool IsSubset(string? requested, string? granted) => Split(requested).All(Split(granted).Contains);
}
