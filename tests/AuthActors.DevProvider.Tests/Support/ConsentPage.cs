using System.Text.RegularExpressions;

namespace AuthActors.DevProvider.Tests.Support;

/// <summary>Reads the consent page the way a browser would submit it.</summary>
public static partial class ConsentPage
{
    public static string ConsentId(string html) => IdPattern().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("No consent_id on the page.");

    public static string Action(string html) => ActionPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"consent_id\" value=\"([^\"]+)\"")]
    private static partial Regex IdPattern();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex ActionPattern();
}
