namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>Shorthand for parameter lists.</summary>
public static class Params
{
    public static KeyValuePair<string, string> P(string name, string value) => new(name, value);

    public static List<KeyValuePair<string, string>> Of(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    /// <summary>The query of <paramref name="url"/> as decoded pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> QueryOf(string url) =>
        AuthActors.Protocol.Infrastructure.FormEncoding.Parse(url.Contains('?') ? url[(url.IndexOf('?') + 1)..].Split('#')[0] : null);
}
