namespace AuthActors.DevProvider;

/// <summary>The one resource owner of the dev provider, returned by the user endpoints.</summary>
public sealed record DevUser
{
    /// <summary>The stable subject identifier (<c>sub</c>, OAuth 1 <c>user_id</c>).</summary>
    public string Sub { get; init; } = "dev-user-1";

    /// <summary>The login name (OAuth 1 <c>screen_name</c>).</summary>
    public string Login { get; init; } = "devuser";

    /// <summary>The display name.</summary>
    public string Name { get; init; } = "Dev User";

    /// <summary>The e-mail address.</summary>
    public string Email { get; init; } = "dev@example.test";
}
