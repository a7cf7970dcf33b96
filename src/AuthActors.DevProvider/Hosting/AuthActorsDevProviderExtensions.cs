using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.DevProvider;

/// <summary>Embeds the DevProvider in an AuthActors host when the configuration asks for it (development only).</summary>
public static class AuthActorsDevProviderExtensions
{
    /// <summary>The key that turns the embedded DevProvider on (set in <c>config/appsettings.Development.json</c>).</summary>
    public const string EnabledKey = "AuthActors:EmbeddedDevProvider";

    /// <summary>The key of the DevProvider's URL, which provider URLs refer to as <c>{DevProvider}</c>.</summary>
    public const string UrlKey = "AuthActors:Urls:DevProvider";

    /// <summary>
    /// Starts a DevProvider with the host, on <c>AuthActors:Urls:DevProvider</c>, when <c>AuthActors:EmbeddedDevProvider</c>
    /// is true; otherwise (or without a URL, which the provider URLs' check then reports) adds nothing. Its fixed secrets and <c>/_dev</c> control endpoints are for development: the
    /// reference configuration turns it on in the Development environment only.
    /// </summary>
    /// <example><c>builder.Services.AddAuthActors(builder.Configuration); builder.Services.AddAuthActorsDevProvider(builder.Configuration);</c></example>
    public static IServiceCollection AddAuthActorsDevProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetValue<bool>(EnabledKey) && configuration[UrlKey] is { Length: > 0 } url
            ? services.AddEmbeddedDevProvider(url)
            : services;
    }
}
