namespace AuthActors.AspNetCore;

/// <summary>Return URL checks against open redirects (RFC 9700 §4.11).</summary>
public static class ReturnUrls
{
    /// <summary>
    /// True for a local URL: an absolute path (<c>/profile?tab=1</c>) that is not protocol-relative
    /// (<c>//evil.example</c>), has no backslash trick (<c>/\evil.example</c>) and no control characters.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(char.IsControl) && !url.Contains('\\');

    /// <summary><paramref name="url"/> when it is local, otherwise <paramref name="fallback"/>.</summary>
    public static string LocalOr(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
