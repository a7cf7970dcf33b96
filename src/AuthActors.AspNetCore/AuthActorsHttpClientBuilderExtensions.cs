using AuthActors.Engine.Vault;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.AspNetCore;

/// <summary>Registers <see cref="AuthActorsTokenHandler"/> on an <c>IHttpClientFactory</c> client.</summary>
public static class AuthActorsHttpClientBuilderExtensions
{
    /// <summary>
    /// Calls <paramref name="provider"/>'s API with the user's token from the vault: relative URLs resolve against
    /// the provider's <c>ApiBaseUrl</c>, requests are signed (OAuth 1) or carry the Bearer token (OAuth 2), and a
    /// 401 triggers one refresh and one retry.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddHttpClient("github-api").AddAuthActorsToken("github");
    /// // in an endpoint of a signed-in user:
    /// var user = await factory.CreateClient("github-api").GetStringAsync("user");
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddAuthActorsToken(this IHttpClientBuilder builder, string provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        builder.Services.AddHttpContextAccessor();
        builder.ConfigureHttpClient((sp, client) =>
        {
            if (client.BaseAddress is null && sp.GetRequiredService<ITokenVault>().ApiBaseUrlOf(provider) is { } apiBase)
            {
                client.BaseAddress = new Uri(apiBase, UriKind.Absolute);
            }
        });
        return builder.AddHttpMessageHandler(sp => new AuthActorsTokenHandler(provider, sp.GetRequiredService<ITokenVault>(), sp.GetService<IHttpContextAccessor>()));
    }
}
