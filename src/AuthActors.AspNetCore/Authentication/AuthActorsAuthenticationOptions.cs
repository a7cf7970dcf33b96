using Microsoft.AspNetCore.Authentication;

namespace AuthActors.AspNetCore.Authentication;

/// <summary>Names of the AuthActors authentication scheme.</summary>
public static class AuthActorsAuthenticationDefaults
{
    /// <summary>The scheme name.</summary>
    public const string AuthenticationScheme = "AuthActors";

    /// <summary>The <see cref="AuthenticationProperties.Items"/> key that picks the provider for a challenge.</summary>
    public const string ProviderKey = ".authactors.provider";
}

/// <summary>Options of the AuthActors challenge scheme.</summary>
public sealed class AuthActorsAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The provider a challenge uses when it names none; <c>null</c> sends the user to <see cref="ChooserPath"/>.</summary>
    public string? DefaultProvider { get; set; }

    /// <summary>The login route of <c>MapAuthActors</c>, with <c>{provider}</c>.</summary>
    public string LoginPattern { get; set; } = "/login/{provider}";

    /// <summary>A page listing the providers, used when a challenge names no provider. Default <c>/</c>.</summary>
    public string ChooserPath { get; set; } = "/";
}

/// <summary>Builds challenge properties that pick a provider.</summary>
public static class AuthActorsChallenge
{
    /// <summary>
    /// Properties for <c>Challenge(properties, "AuthActors")</c> that sign in with <paramref name="provider"/> and
    /// come back to <paramref name="returnUrl"/>.
    /// </summary>
    public static AuthenticationProperties For(string provider, string? returnUrl = null)
    {
        var properties = new AuthenticationProperties { RedirectUri = returnUrl };
        properties.Items[AuthActorsAuthenticationDefaults.ProviderKey] = provider;
        return properties;
    }
}
