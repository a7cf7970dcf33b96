using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuthActors.Protocol.Tests.Corpus;

/// <summary>
/// Reads the bad-input corpus (tests/corpus/*.json, see its README): one file per family, each case with an
/// <c>id</c>, its input and its expected outcome. Strings may hold placeholders, expanded by <see cref="Expand"/>:
/// <c>{{U+XXXX}}</c> is that UTF-16 code unit (NUL, a lone surrogate, a BOM), <c>{{REPEAT:n:text}}</c> is
/// <c>text</c> n times, and <c>{{NAME}}</c> is a variable the runner supplies.
/// Shared by the protocol and the engine tests (linked into the engine test project).
/// </summary>
public static class CorpusData
{
    private static readonly Dictionary<string, JsonDocument> Files = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The corpus folder: copied next to the tests, or found by walking up to the repository.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>The ids of a file's cases, as theory data (one row per case).</summary>
    public static TheoryData<string> Ids(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases(file))
        {
            data.Add(c.GetProperty("id").GetString()!);
        }

        return data;
    }

    /// <summary>All cases of a file.</summary>
    public static IEnumerable<JsonElement> Cases(string file) => Load(file).RootElement.GetProperty("cases").EnumerateArray();

    /// <summary>One case by id.</summary>
    public static JsonElement Case(string file, string id) =>
        Cases(file).Single(c => c.GetProperty("id").GetString() == id);

    /// <summary>The case's <c>knownDefect</c>, or <c>null</c>.</summary>
    public static string? KnownDefect(JsonElement c) => Str(c, "knownDefect");

    /// <summary>A string member, expanded; <c>null</c> when absent or JSON null.</summary>
    public static string? Str(JsonElement c, string name, IReadOnlyDictionary<string, string>? variables = null) =>
        c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Expand(v.GetString()!, variables) : null;

    /// <summary>True when the member is present (even as JSON null).</summary>
    public static bool Has(JsonElement c, string name) => c.TryGetProperty(name, out _);

    /// <summary>An integer member, or <paramref name="fallback"/>.</summary>
    public static long? Long(JsonElement c, string name, long? fallback = null) =>
        c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : fallback;

    /// <summary>A boolean member, or <c>false</c>.</summary>
    public static bool Bool(JsonElement c, string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>Expands the placeholders of <paramref name="text"/>.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string>? variables = null)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }

            sb.Append(text, i, open - i);
            var token = text[(open + 2)..close];
            if (token.StartsWith("U+", StringComparison.Ordinal))
            {
                sb.Append((char)int.Parse(token[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
            else if (token.StartsWith("REPEAT:", StringComparison.Ordinal))
            {
                var parts = token.Split(':', 3);
                var count = int.Parse(parts[1], CultureInfo.InvariantCulture);
                sb.Insert(sb.Length, parts[2], count);
            }
            else if (variables is not null && variables.TryGetValue(token, out var value))
            {
                sb.Append(value);
            }
            else
            {
                throw new InvalidOperationException($"Unknown corpus placeholder {{{{{token}}}}}.");
            }

            i = close + 2;
        }

        return sb.ToString();
    }

    private static JsonDocument Load(string file)
    {
        lock (Gate)
        {
            if (!Files.TryGetValue(file, out var document))
            {
                document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
                Files[file] = document;
            }

            return document;
        }
    }

    private static string FindFolder()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "corpus");
        if (File.Exists(Path.Combine(copied, "README.md")))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "corpus");
            if (File.Exists(Path.Combine(candidate, "README.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/corpus was neither copied next to the tests nor found above them.");
    }
}
