using System.Text.Json;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Oidc;

/// <summary>
/// An OpenID Provider's metadata (OpenID Connect Discovery 1.0 §3; RFC 8414 §2 for the OAuth members), the
/// members this library uses.
/// </summary>
/// <param name="Issuer">The issuer identifier.</param>
public sealed record ProviderMetadata(string Issuer)
{
    /// <summary><c>authorization_endpoint</c>.</summary>
    public string? AuthorizationEndpoint { get; init; }
    /// <summary><c>token_endpoint</c>.</summary>
    public string? TokenEndpoint { get; init; }
    /// <summary><c>userinfo_endpoint</c>.</summary>
    public string? UserInfoEndpoint { get; init; }
    /// <summary><c>jwks_uri</c>.</summary>
    public string? JwksUri { get; init; }
    /// <summary><c>revocation_endpoint</c> (RFC 7009).</summary>
    public string? RevocationEndpoint { get; init; }
    /// <summary><c>introspection_endpoint</c> (RFC 7662).</summary>
    public string? IntrospectionEndpoint { get; init; }
    /// <summary><c>id_token_signing_alg_values_supported</c>.</summary>
    public IReadOnlyList<string> IdTokenSigningAlgorithms { get; init; } = [];
    /// <summary><c>token_endpoint_auth_methods_supported</c>.</summary>
    public IReadOnlyList<string> TokenEndpointAuthMethods { get; init; } = [];
    /// <summary><c>code_challenge_methods_supported</c> (RFC 8414).</summary>
    public IReadOnlyList<string> CodeChallengeMethods { get; init; } = [];
    /// <summary><c>authorization_response_iss_parameter_supported</c> (RFC 9207 §3).</summary>
    public bool IssParameterSupported { get; init; }
}

/// <summary>A parsed metadata document: the metadata, or why it cannot be used.</summary>
public sealed record ProviderMetadataResponse : ProtocolResponse
{
    /// <summary>The metadata, on success.</summary>
    public ProviderMetadata? Metadata { get; init; }

    /// <summary>
    /// Reads a discovery response. A transport failure, an HTTP error, a body that is not a JSON object, or
    /// one without an <c>issuer</c> is a typed error. Never throws.
    /// </summary>
    public static ProviderMetadataResponse Read(OAuthHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var json = JsonResponse.ReadObject(response);
        if (json.Error is { } error)
        {
            return new ProviderMetadataResponse { Error = error, HttpStatus = json.HttpStatus, Raw = json.Raw };
        }

        var root = json.Document!.RootElement;
        var issuer = String(root, "issuer");
        if (string.IsNullOrEmpty(issuer))
        {
            return new ProviderMetadataResponse
            {
                Error = new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The provider metadata has no issuer."),
                HttpStatus = response.StatusCode, Raw = response.Body,
            };
        }

        return new ProviderMetadataResponse
        {
            HttpStatus = response.StatusCode,
            Raw = response.Body,
            Metadata = new ProviderMetadata(issuer)
            {
                AuthorizationEndpoint = String(root, "authorization_endpoint"),
                TokenEndpoint = String(root, "token_endpoint"),
                UserInfoEndpoint = String(root, "userinfo_endpoint"),
                JwksUri = String(root, "jwks_uri"),
                RevocationEndpoint = String(root, "revocation_endpoint"),
                IntrospectionEndpoint = String(root, "introspection_endpoint"),
                IdTokenSigningAlgorithms = Strings(root, "id_token_signing_alg_values_supported"),
                TokenEndpointAuthMethods = Strings(root, "token_endpoint_auth_methods_supported"),
                CodeChallengeMethods = Strings(root, "code_challenge_methods_supported"),
                IssParameterSupported = root.TryGetProperty("authorization_response_iss_parameter_supported", out var iss) && iss.ValueKind == JsonValueKind.True,
            },
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}
