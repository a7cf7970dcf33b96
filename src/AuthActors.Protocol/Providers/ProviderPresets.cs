using AuthActors.Protocol.Providers.Presets;

namespace AuthActors.Protocol.Providers;

/// <summary>
/// Endpoints, claim maps and fixes of well-known providers, so that configuration needs only a preset name,
/// a client id and a secret (plus, for per-tenant providers such as Okta, Auth0 and Keycloak, the tenant's
/// domain). Any other provider is defined by its URLs alone. The presets themselves live under
/// <c>Providers/Presets/</c>, one file per family; this class is their index.
/// </summary>
public static class ProviderPresets
{
    private static readonly Dictionary<string, PresetEntry> ByName = Build();

    /// <summary>The names of every preset (aliases such as <c>entra</c> included).</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>True when a preset named <paramref name="preset"/> exists.</summary>
    public static bool Exists(string preset) => ByName.ContainsKey(preset);

    /// <summary>
    /// The parameters <paramref name="preset"/> needs besides the credentials: empty for most, <c>domain</c>
    /// for Okta and Auth0, <c>domain</c> and <c>realm</c> for Keycloak, <c>authority</c> for the generic
    /// <c>oidc</c> preset. An unknown preset throws with the list of known ones.
    /// </summary>
    public static IReadOnlyList<string> ParametersOf(string preset) => Entry(preset).Parameters;

    /// <summary>
    /// The preset's definition under <paramref name="name"/>, with the given credentials; adjust it with
    /// <c>with { ... }</c>. An unknown preset, or one that needs parameters (see <see cref="ParametersOf"/>),
    /// throws.
    /// </summary>
    /// <example><c>ProviderPresets.Create("github", "github", clientId, clientSecret)</c></example>
    public static ProviderDefinition Create(string preset, string name, string clientId, string? clientSecret) =>
        Create(preset, name, clientId, clientSecret, null);

    /// <summary>
    /// The preset's definition under <paramref name="name"/>, with the given credentials and the preset's
    /// parameters substituted into its URLs (<c>{domain}</c> in
    /// <c>https://{domain}/oauth2/default/.well-known/openid-configuration</c>). Parameter names are
    /// case-insensitive; parameters the preset does not use are ignored.
    /// </summary>
    /// <param name="preset">The preset name, for example <c>okta</c>.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="clientId">The client identifier.</param>
    /// <param name="clientSecret">The client secret (Apple: the JWT from <see cref="Apple.AppleClientSecret"/>).</param>
    /// <param name="parameters">
    /// The preset's parameters: <c>domain</c> (a host name such as <c>dev-123.okta.com</c>, optionally with a
    /// port), <c>realm</c> (a Keycloak realm), <c>authority</c> (an absolute https issuer URL).
    /// </param>
    /// <exception cref="ArgumentException">The preset is unknown, or a parameter it needs is missing or malformed; the message names it.</exception>
    /// <example><c>ProviderPresets.Create("keycloak", "corp", id, secret, new Dictionary&lt;string, string&gt; { ["domain"] = "sso.example.com", ["realm"] = "staff" })</c></example>
    public static ProviderDefinition Create(string preset, string name, string clientId, string? clientSecret, IReadOnlyDictionary<string, string>? parameters)
    {
        var entry = Entry(preset);
        var definition = entry.Factory(name, clientId, clientSecret);
        if (entry.Parameters.Count == 0)
        {
            return definition;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in entry.Parameters)
        {
            var given = parameters?.FirstOrDefault(p => string.Equals(p.Key, parameter, StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrWhiteSpace(given))
            {
                throw new ArgumentException(
                    $"Preset '{preset}' needs the parameter '{parameter}' ({Describe(parameter)}); it needs: {string.Join(", ", entry.Parameters)}.", nameof(parameters));
            }

            values[parameter] = PresetParameters.Normalize(preset, parameter, given.Trim());
        }

        string? Fill(string? template) => template is null || !template.Contains('{', StringComparison.Ordinal)
            ? template
            : values.Aggregate(template, (current, p) => current.Replace("{" + p.Key + "}", p.Value, StringComparison.Ordinal));

        definition = definition with
        {
            ApiBaseUrl = Fill(definition.ApiBaseUrl),
            UserInfoUrl = Fill(definition.UserInfoUrl),
        };
        return definition is OAuth2ProviderDefinition oauth2
            ? oauth2 with
            {
                AuthorizeUrl = Fill(oauth2.AuthorizeUrl)!,
                AccessTokenUrl = Fill(oauth2.AccessTokenUrl)!,
                ServerMetadataUrl = Fill(oauth2.ServerMetadataUrl),
                Issuer = Fill(oauth2.Issuer),
                JwksUri = Fill(oauth2.JwksUri),
                RevocationUrl = Fill(oauth2.RevocationUrl),
                IntrospectionUrl = Fill(oauth2.IntrospectionUrl),
            }
            : definition;
    }

    private static string Describe(string parameter) => parameter switch
    {
        PresetParameters.Domain => "the tenant's host name, for example dev-123.okta.com",
        PresetParameters.Realm => "the Keycloak realm",
        PresetParameters.Authority => "the issuer URL, for example https://login.example.com",
        _ => "see the preset",
    };

    private static PresetEntry Entry(string preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return ByName.TryGetValue(preset, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown provider preset '{preset}'. Known presets: {string.Join(", ", ByName.Keys)}.", nameof(preset));
    }

    private static Dictionary<string, PresetEntry> Build()
    {
        var presets = new Dictionary<string, PresetEntry>(StringComparer.OrdinalIgnoreCase);
        OidcPresets.Register(presets);
        OAuth2Presets.Register(presets);
        OAuth1Presets.Register(presets);
        return presets;
    }
}
