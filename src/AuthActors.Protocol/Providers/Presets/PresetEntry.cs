namespace AuthActors.Protocol.Providers.Presets;

/// <summary>One preset: how to build its definition, and the parameters (placeholders) its URLs contain.</summary>
/// <param name="Factory">Builds the definition from name, client id and secret; URLs may hold <c>{parameter}</c> placeholders.</param>
/// <param name="Parameters">The placeholders that <see cref="ProviderPresets.Create(string, string, string, string?, IReadOnlyDictionary{string, string}?)"/> must fill.</param>
internal sealed record PresetEntry(Func<string, string, string?, ProviderDefinition> Factory, IReadOnlyList<string> Parameters)
{
    /// <summary>A preset that needs nothing but the credentials.</summary>
    public static PresetEntry Of(Func<string, string, string?, ProviderDefinition> factory) => new(factory, []);
}

/// <summary>The parameters of per-tenant presets, and how their values are checked before substitution.</summary>
internal static class PresetParameters
{
    /// <summary>A host name, optionally with a port: <c>dev-123.okta.com</c>.</summary>
    public const string Domain = "domain";

    /// <summary>A Keycloak realm, substituted as one path segment.</summary>
    public const string Realm = "realm";

    /// <summary>An issuer URL: <c>https://login.example.com/tenant</c>.</summary>
    public const string Authority = "authority";

    /// <summary>The value to substitute for <paramref name="parameter"/>; a malformed value throws naming it.</summary>
    public static string Normalize(string preset, string parameter, string value)
    {
        switch (parameter)
        {
            case Domain:
            {
                // Accept "https://dev-123.okta.com/" as well as the bare host; nothing but a host (and port) survives.
                var host = value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? value["https://".Length..] : value;
                host = host.TrimEnd('/');
                if (host.Length == 0 || !Uri.TryCreate("https://" + host + "/", UriKind.Absolute, out var uri)
                    || !string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase) || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
                {
                    throw Malformed(preset, parameter, value, "a host name such as dev-123.okta.com");
                }

                return uri.Authority;
            }

            case Authority:
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Query.Length > 0 || uri.Fragment.Length > 0
                    || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                {
                    throw Malformed(preset, parameter, value, "an absolute https URL without query or fragment (http only for loopback)");
                }

                return value.TrimEnd('/');
            }

            default:
                return Uri.EscapeDataString(value);
        }
    }

    private static ArgumentException Malformed(string preset, string parameter, string value, string expected) =>
        new($"Preset '{preset}': the parameter '{parameter}' is '{value}', which is not {expected}.", "parameters");
}
