using System.Text.Json.Nodes;

namespace AuthActors.DevProvider.Http;

/// <summary>The user as the user endpoints return it.</summary>
internal static class UserJson
{
    public static JsonObject Of(DevUser user) => new()
    {
        ["sub"] = user.Sub,
        ["login"] = user.Login,
        ["name"] = user.Name,
        ["email"] = user.Email,
    };
}
