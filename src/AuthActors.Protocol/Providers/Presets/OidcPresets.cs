using AuthActors.Protocol.OAuth2;

namespace AuthActors.Protocol.Providers.Presets;

/// <summary>
/// OpenID Connect providers completed by discovery: each names its metadata document and leaves the
/// authorization and token endpoints empty for <see cref="Oidc.OidcDiscovery.Apply"/> to fill in, together
/// with the issuer, the JWKS, the user info endpoint and the RFC 9207 <c>iss</c> support.
/// </summary>
internal static class OidcPresets
{
    private const string DefaultScope = "openid email profile";

    public static void Register(IDictionary<string, PresetEntry> presets)
    {
        presets["google"] = PresetEntry.Of((name, id, secret) => Discovered(name, id, secret, "https://accounts.google.com/.well-known/openid-configuration") with
        {
            DisplayName = "Google", ApiBaseUrl = "https://www.googleapis.com/", RevocationUrl = "https://oauth2.googleapis.com/revoke",
        });

        // Entra ID, multi-tenant: the metadata's issuer is https://login.microsoftonline.com/{tenantid}/v2.0, which
        // the id_token validator resolves with the token's tid claim.
        var microsoft = PresetEntry.Of((name, id, secret) => Discovered(name, id, secret, "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration") with
        {
            DisplayName = "Microsoft", ApiBaseUrl = "https://graph.microsoft.com/",
        });
        presets["microsoft"] = microsoft;
        presets["entra"] = microsoft;

        // Sign in with Apple: the client secret is an ES256 JWT (see Apple.AppleClientSecret); the user's name
        // only arrives in the form_post callback; there is no user info endpoint, the id_token identifies the user.
        presets["apple"] = PresetEntry.Of((name, id, secret) => Discovered(name, id, secret, "https://appleid.apple.com/.well-known/openid-configuration") with
        {
            DisplayName = "Apple", Scope = "openid name email", ResponseMode = "form_post",
            TokenEndpointAuthMethod = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost,
        });

        presets["gitlab"] = PresetEntry.Of((name, id, secret) => Discovered(name, id, secret, "https://gitlab.com/.well-known/openid-configuration") with
        {
            DisplayName = "GitLab", ApiBaseUrl = "https://gitlab.com/api/v4/", Scope = "openid profile email read_user",
            RevocationUrl = "https://gitlab.com/oauth/revoke",
        });

        presets["linkedin"] = PresetEntry.Of((name, id, secret) => Discovered(name, id, secret, "https://www.linkedin.com/oauth/.well-known/openid-configuration") with
        {
            DisplayName = "LinkedIn", ApiBaseUrl = "https://api.linkedin.com/", Scope = "openid profile email",
            TokenEndpointAuthMethod = OAuth2Constants.ClientAuthenticationMethods.ClientSecretPost,
        });

        // Per-tenant providers: the domain (and realm) come from ProviderPresets.Create's parameters.
        presets["okta"] = new PresetEntry((name, id, secret) => Discovered(name, id, secret, "https://{domain}/oauth2/default/.well-known/openid-configuration") with
        {
            DisplayName = "Okta",
        }, [PresetParameters.Domain]);

        presets["auth0"] = new PresetEntry((name, id, secret) => Discovered(name, id, secret, "https://{domain}/.well-known/openid-configuration") with
        {
            DisplayName = "Auth0",
        }, [PresetParameters.Domain]);

        presets["keycloak"] = new PresetEntry((name, id, secret) => Discovered(name, id, secret, "https://{domain}/realms/{realm}/.well-known/openid-configuration") with
        {
            DisplayName = "Keycloak",
        }, [PresetParameters.Domain, PresetParameters.Realm]);

        presets["oidc"] = new PresetEntry((name, id, secret) => Discovered(name, id, secret, "{authority}/.well-known/openid-configuration") with
        {
            DisplayName = "OpenID Connect",
        }, [PresetParameters.Authority]);
    }

    private static OAuth2ProviderDefinition Discovered(string name, string id, string? secret, string metadataUrl) =>
        new(name, id, secret, string.Empty, string.Empty) { ServerMetadataUrl = metadataUrl, Scope = DefaultScope };
}
