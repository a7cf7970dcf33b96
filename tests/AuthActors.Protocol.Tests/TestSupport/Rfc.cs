using System.Text.RegularExpressions;

namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>Turns examples printed in RFCs (wrapped "for display purposes only") back into one line.</summary>
public static partial class Rfc
{
    /// <summary>Removes the display line breaks and the indentation that follows them.</summary>
    public static string Unwrap(string printed) => LineBreak().Replace(printed.Trim(), string.Empty);

    /// <summary>
    /// Joins a printed header whose parameters are one per line (<c>",\n   name="</c>) with <c>", "</c>,
    /// the separator the library writes.
    /// </summary>
    public static string JoinHeader(string printed) => HeaderBreak().Replace(printed.Trim(), ", ");

    [GeneratedRegex(@"\r?\n[ \t]*")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@",\s*\r?\n\s*")]
    private static partial Regex HeaderBreak();
}
