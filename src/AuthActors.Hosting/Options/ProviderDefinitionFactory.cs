using System.Text.RegularExpressions;
using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Providers;

namespace AuthActors.Hosting.Options;

/// <summary>
/// Turns <see cref="ProviderOptions"/> into a <see cref="ProviderDefinition"/>, collecting every problem
/// with a message that names the provider and the setting. A definition is returned only when every field
/// is valid.
/// </summary>
internal static partial class ProviderDefinitionFactory
{
    /// <summary>Builds the definition, or returns <c>null</c> and adds to <paramref name="errors"/>.</summary>
    /// <param name="name">The provider's name.</param>
    /// <param name="o">Its options.</param>
    /// <param name="urls">The named base URLs that <c>{Name}</c> stands for (<see cref="AuthActorsOptions.Urls"/>).</param>
    /// <param name="errors">Where problems are added.</param>
    /// <param name="requireSecrets">False on cluster frontends, which never call providers and need no secrets.</param>
    /// <param name="allowInsecureHttp">True to allow http on hosts other than loopback (development only).</param>
    public static ProviderDefinition? Build(string name, ProviderOptions o, IReadOnlyDictionary<string, string> urls, List<string> errors, bool requireSecrets = true,
        bool allowInsecureHttp = false)
    {
        var start = errors.Count;
        // An environment variable cannot remove a key of a configuration file, so an empty metadata URL or authority
        // means none: discovery is off (docker-compose.yml configures a provider's endpoints that way).
        var serverMetadataUrl = NonEmpty(o.ServerMetadataUrl);
        var authorityUrl = NonEmpty(o.Authority);
        if (!NamePattern().IsMatch(name))
        {
            errors.Add($"Provider '{name}': the name may contain only letters, digits, '-' and '_'.");
        }

        string? Substitute(string value, string setting)
        {
            var unknown = new List<string>();
            var result = UrlVariable().Replace(value, m =>
            {
                if (urls.TryGetValue(m.Groups[1].Value, out var url))
                {
                    return url.TrimEnd('/');
                }

                unknown.Add(m.Groups[1].Value);
                return m.Value;
            });
            foreach (var variable in unknown)
            {
                errors.Add($"Provider '{name}': {setting} uses {{{variable}}} but AuthActors:Urls:{variable} is not set.");
            }

            return unknown.Count == 0 ? result : null;
        }

        string? Url(string? value, string setting)
        {
            if (value is null || Substitute(value, setting) is not { } substituted)
            {
                return null;
            }

            value = substituted;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"Provider '{name}': {setting} '{value}' is not an absolute http(s) URL.");
                return null;
            }

            // RFC 9700 §2: endpoints use TLS. Loopback is exempt (nothing crosses a network), and so is any host
            // when the deployment says it is a development one.
            if (uri.Scheme == "http" && !uri.IsLoopback && !allowInsecureHttp)
            {
                errors.Add($"Provider '{name}': {setting} '{value}' is not https. Only loopback may use http, unless AuthActors:AllowInsecureHttp is true (development only).");
                return null;
            }

            return value;
        }

        ProviderDefinition? preset = null;
        if (o.Preset is not null && !ProviderPresets.Exists(o.Preset))
        {
            errors.Add($"Provider '{name}': unknown preset '{o.Preset}'. Known presets: {string.Join(", ", ProviderPresets.Names)}.");
        }
        else if (o.Preset is not null)
        {
            var parameters = new Dictionary<string, string>(o.PresetParameters, StringComparer.OrdinalIgnoreCase);
            if (authorityUrl is not null && !parameters.ContainsKey("authority"))
            {
                parameters["authority"] = Substitute(authorityUrl, "Authority") ?? authorityUrl;
            }

            try
            {
                preset = ProviderPresets.Create(o.Preset, name, o.ClientId ?? string.Empty, o.ClientSecret, parameters);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"Provider '{name}': {ex.Message.Split(" (Parameter", 2)[0]} Set it under PresetParameters.");
            }
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            errors.Add($"Provider '{name}': ClientId is missing.");
        }

        ComplianceFix? fix = preset?.ComplianceFix;
        if (o.ComplianceFix is not null)
        {
            if (ComplianceFixes.Exists(o.ComplianceFix))
            {
                fix = ComplianceFixes.Get(o.ComplianceFix);
            }
            else
            {
                errors.Add($"Provider '{name}': unknown ComplianceFix '{o.ComplianceFix}'. Known fixes: {string.Join(", ", ComplianceFixes.Names)}.");
            }
        }

        var metadataUrl = Url(serverMetadataUrl, "ServerMetadataUrl")
                          ?? (Url(authorityUrl, "Authority") is { } authority ? Protocol.Oidc.OidcDiscovery.MetadataUrlOf(authority) : null)
                          ?? (preset as OAuth2ProviderDefinition)?.ServerMetadataUrl;
        var authorize = Url(o.AuthorizeUrl, "AuthorizeUrl") ?? NonEmpty(preset?.AuthorizeUrl) ?? (metadataUrl is null ? null : string.Empty);
        var token = Url(o.AccessTokenUrl, "AccessTokenUrl") ?? NonEmpty(preset?.AccessTokenUrl) ?? (metadataUrl is null ? null : string.Empty);
        var requestToken = Url(o.RequestTokenUrl, "RequestTokenUrl") ?? (preset as OAuth1ProviderDefinition)?.RequestTokenUrl;
        var apiBase = Url(o.ApiBaseUrl, "ApiBaseUrl") ?? preset?.ApiBaseUrl;
        if (authorize is null && o.AuthorizeUrl is null)
        {
            errors.Add($"Provider '{name}': AuthorizeUrl is missing (set it, ServerMetadataUrl, Authority, or a Preset).");
        }

        if (token is null && o.AccessTokenUrl is null)
        {
            errors.Add($"Provider '{name}': AccessTokenUrl is missing (set it, ServerMetadataUrl, Authority, or a Preset).");
        }

        var isOAuth1 = requestToken is not null || o.RequestTokenUrl is not null;
        if (isOAuth1 && (authorize == string.Empty || token == string.Empty))
        {
            errors.Add($"Provider '{name}': an OAuth 1 provider has no discovery; set AuthorizeUrl and AccessTokenUrl.");
        }

        var authMethod = o.TokenEndpointAuthMethod ?? (preset as OAuth2ProviderDefinition)?.TokenEndpointAuthMethod ?? OAuth2Constants.ClientAuthenticationMethods.ClientSecretBasic;
        if (!isOAuth1 && !ClientAuthentication.SupportedMethods.Contains(authMethod))
        {
            errors.Add($"Provider '{name}': unknown TokenEndpointAuthMethod '{authMethod}'. Use one of: {string.Join(", ", ClientAuthentication.SupportedMethods)}.");
        }

        var needsSecret = isOAuth1 || authMethod is not (OAuth2Constants.ClientAuthenticationMethods.None or OAuth2Constants.ClientAuthenticationMethods.PrivateKeyJwt);
        if (requireSecrets && needsSecret && string.IsNullOrEmpty(o.ClientSecret))
        {
            errors.Add($"Provider '{name}': ClientSecret is missing (set AuthActors__Providers__{name}__ClientSecret in the environment).");
        }

        if (requireSecrets && authMethod == OAuth2Constants.ClientAuthenticationMethods.PrivateKeyJwt && !isOAuth1)
        {
            errors.Add($"Provider '{name}': private_key_jwt needs a signing key, which configuration cannot carry yet; register the provider in code.");
        }

        var pkce = o.CodeChallengeMethod ?? (preset as OAuth2ProviderDefinition)?.CodeChallengeMethod ?? OAuth2Constants.CodeChallengeMethods.S256;
        if (pkce is not (OAuth2Constants.CodeChallengeMethods.S256 or OAuth2Constants.CodeChallengeMethods.Plain or "none"))
        {
            errors.Add($"Provider '{name}': unknown CodeChallengeMethod '{pkce}'. Use S256, plain or none.");
        }

        var scope = o.Scope ?? (preset as OAuth2ProviderDefinition)?.Scope;
        var jwksUri = Url(o.JwksUri, "JwksUri") ?? (preset as OAuth2ProviderDefinition)?.JwksUri;
        var isOpenId = AuthorizationStart.HasOpenIdScope(scope);
        if (!isOAuth1 && isOpenId && metadataUrl is null && jwksUri is null)
        {
            errors.Add($"Provider '{name}': the scope asks for openid, so id_tokens must be verified: set ServerMetadataUrl (or Authority), or JwksUri and Issuer.");
        }

        if (!isOAuth1 && isOpenId && metadataUrl is null && o.Issuer is null && (preset as OAuth2ProviderDefinition)?.Issuer is null)
        {
            errors.Add($"Provider '{name}': the scope asks for openid without metadata, so Issuer must be set.");
        }

        if (o.ClockSkewSeconds is < 0 or > 3600)
        {
            errors.Add($"Provider '{name}': ClockSkewSeconds must be between 0 and 3600.");
        }

        var publicClient = authMethod == OAuth2Constants.ClientAuthenticationMethods.None;
        if (!isOAuth1 && pkce != OAuth2Constants.CodeChallengeMethods.S256 && (publicClient || isOpenId))
        {
            errors.Add($"Provider '{name}': CodeChallengeMethod '{pkce}' is refused for a public client or an openid scope; use S256 (RFC 9700 §2.1.1).");
        }
        else if (!isOAuth1 && pkce == OAuth2Constants.CodeChallengeMethods.Plain && string.IsNullOrWhiteSpace(o.PkcePlainReason))
        {
            errors.Add($"Provider '{name}': CodeChallengeMethod 'plain' needs PkcePlainReason, saying why S256 cannot be used.");
        }

        var signatureMethod = OAuth1SignatureMethods.FromWireName(o.SignatureMethod ?? OAuth1Constants.SignatureMethods.HmacSha1);
        if (isOAuth1 && signatureMethod is null or OAuth1SignatureMethod.RsaSha1 or OAuth1SignatureMethod.RsaSha256)
        {
            errors.Add($"Provider '{name}': SignatureMethod '{o.SignatureMethod}' is not usable from configuration. Use HMAC-SHA1, HMAC-SHA256 or PLAINTEXT.");
        }

        if (!Enum.TryParse<OAuth1SignatureType>(o.SignatureType ?? nameof(OAuth1SignatureType.Header), ignoreCase: true, out var signatureType))
        {
            errors.Add($"Provider '{name}': unknown SignatureType '{o.SignatureType}'. Use Header, Query or Body.");
        }

        if (isOAuth1 && signatureMethod == OAuth1SignatureMethod.Plaintext && !allowInsecureHttp
            && new[] { requestToken, authorize, token }.Any(u => u is not null && u.StartsWith("http:", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"Provider '{name}': PLAINTEXT sends the secrets as they are, so it needs https endpoints (RFC 5849 §3.4.4).");
        }

        var issuer = Url(o.Issuer, "Issuer");
        var revocation = Url(o.RevocationUrl, "RevocationUrl");
        var introspection = Url(o.IntrospectionUrl, "IntrospectionUrl");
        // The user info URL may be relative to ApiBaseUrl; an absolute one follows the same rules as the endpoints.
        var userInfo = o.UserInfoUrl is { } u && (u.Contains('{', StringComparison.Ordinal) || Uri.TryCreate(u, UriKind.Absolute, out _))
            ? Url(u, "UserInfoUrl")
            : o.UserInfoUrl;
        // A server-side callback sees the query or a posted form; a fragment never reaches it.
        if (o.ResponseMode is not (null or "query" or "form_post"))
        {
            errors.Add($"Provider '{name}': unknown ResponseMode '{o.ResponseMode}'. Use query or form_post.");
        }

        if (errors.Count > start)
        {
            return null;
        }

        if (isOAuth1)
        {
            var p1 = preset as OAuth1ProviderDefinition;
            return new OAuth1ProviderDefinition(name, o.ClientId!, o.ClientSecret, requestToken!, authorize!, token!)
            {
                DisplayName = o.DisplayName ?? preset?.DisplayName,
                ApiBaseUrl = apiBase,
                UserInfoUrl = userInfo ?? preset?.UserInfoUrl,
                ComplianceFix = fix,
                ClaimMap = MergeMap(preset?.ClaimMap, o.ClaimMap),
                AuthorizeParams = Merge(preset?.AuthorizeParams, o.AuthorizeParams),
                AccessTokenParams = Merge(preset?.AccessTokenParams, o.AccessTokenParams),
                RequestTokenParams = Merge(p1?.RequestTokenParams, o.RequestTokenParams),
                SignatureMethod = signatureMethod!.Value,
                SignatureType = signatureType,
                Realm = o.Realm ?? p1?.Realm,
            };
        }

        var p2 = preset as OAuth2ProviderDefinition;
        return new OAuth2ProviderDefinition(name, o.ClientId!, o.ClientSecret, authorize!, token!)
        {
            DisplayName = o.DisplayName ?? preset?.DisplayName,
            ApiBaseUrl = apiBase,
            UserInfoUrl = userInfo ?? preset?.UserInfoUrl,
            ComplianceFix = fix,
            AuthorizeParams = Merge(preset?.AuthorizeParams, o.AuthorizeParams),
            AccessTokenParams = Merge(preset?.AccessTokenParams, o.AccessTokenParams),
            ClaimMap = MergeMap(preset?.ClaimMap, o.ClaimMap),
            Scope = scope,
            ServerMetadataUrl = metadataUrl,
            JwksUri = jwksUri,
            IdTokenSigningAlgorithms = o.IdTokenSigningAlgorithms is { Count: > 0 } algs ? algs : p2?.IdTokenSigningAlgorithms,
            ClockSkew = o.ClockSkewSeconds is { } skew ? TimeSpan.FromSeconds(skew) : p2?.ClockSkew ?? TimeSpan.FromMinutes(5),
            TokenEndpointAuthMethod = authMethod,
            CodeChallengeMethod = pkce == "none" ? null : pkce,
            Issuer = issuer ?? p2?.Issuer,
            RequireIssuer = o.RequireIssuer ?? p2?.RequireIssuer ?? false,
            RevocationUrl = revocation ?? p2?.RevocationUrl,
            IntrospectionUrl = introspection ?? p2?.IntrospectionUrl,
            ResponseMode = o.ResponseMode ?? p2?.ResponseMode,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Dictionary<string, string> MergeMap(IReadOnlyDictionary<string, string>? preset, Dictionary<string, string> configured)
    {
        var merged = new Dictionary<string, string>(preset ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (claim, path) in configured)
        {
            merged[claim] = path;
        }

        return merged;
    }

    private static List<KeyValuePair<string, string>> Merge(IReadOnlyList<KeyValuePair<string, string>>? preset, Dictionary<string, string> configured) =>
        (preset ?? []).Where(p => !configured.ContainsKey(p.Key)).Concat(configured).ToList();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_-]*)\}")]
    private static partial Regex UrlVariable();
}
