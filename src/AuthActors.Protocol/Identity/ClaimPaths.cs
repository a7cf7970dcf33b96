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
    /// <c>id</c> works), or <c>null</c> when absent, empty, or not a string or number.
    /// </summary>
    public static string? Read(JsonElement root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = root;
        foreach (var segment in path.Split('.'))
        {
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
