using System.Globalization;
using System.Text.Json;

namespace AuthActors.Protocol.Identity;

/// <summary>Reads claims from a JSON document by member path (<c>id</c>, <c>user.id</c>, <c>data.0.id</c>).</summary>
public static class ClaimPaths
{
    /// <summary>The standard claims an identity carries, when the provider has them.</summary>
    public static readonly IReadOnlyList<string> Standard = ["sub", "name", "email", "preferred_username", "picture"];

    /// <summary>
    /// The scalar at <paramref name="path"/> as a string (numbers in invariant form, so GitHub's numeric
    /// <c>id</c> works), or <c>null</c> when absent, empty, or not a string or number. A path may list
    /// alternatives separated by <c>|</c> (<c>id_str|user_id</c>): the first one present wins.
    /// </summary>
    public static string? Read(JsonElement root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var span = path.AsSpan();
        foreach (var range in span.Split('|'))
        {
            if (span[range].Trim() is { Length: > 0 } alternative && ReadOne(root, alternative) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="member"/> is one of <paramref name="path"/>'s alternatives, read without splitting it.</summary>
    internal static bool IsAlternative(string path, string member)
    {
        ArgumentNullException.ThrowIfNull(path);
        var span = path.AsSpan();
        foreach (var range in span.Split('|'))
        {
            if (span[range].Trim() is { Length: > 0 } alternative && alternative.SequenceEqual(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The alternatives of a path: <c>id_str|user_id</c> gives <c>id_str</c> and <c>user_id</c>; a plain path gives itself.</summary>
    public static IReadOnlyList<string> Alternatives(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string? ReadOne(JsonElement root, ReadOnlySpan<char> path)
    {
        var current = root;
        foreach (var range in path.Split('.'))
        {
            var segment = path[range];
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => current.GetRawText(),
            _ => null,
        };
    }
}
