namespace AuthActors.DevProvider;

/// <summary>An OAuth 2 client registered with the dev provider (RFC 6749 §2).</summary>
public sealed class DevOAuth2Client
{
    /// <summary>The <c>client_id</c>.</summary>
    public string ClientId { get; set; } = "dev-client";

    /// <summary>
    /// The client secret, or <c>null</c> for a public client, which authenticates with <c>client_id</c> alone
    /// (token endpoint auth method <c>none</c>) and cannot use <c>client_credentials</c>.
    /// </summary>
    public string? ClientSecret { get; set; } = "dev-secret";

    /// <summary>
    /// The registered redirect URIs, compared exactly (RFC 6749 §3.1.2.3). Empty: any <c>http</c> or
    /// <c>https</c> URI whose host is <c>127.0.0.1</c>, <c>localhost</c> or <c>[::1]</c> is accepted
    /// (RFC 8252 §7.3), and the request must name it.
    /// </summary>
    public List<string> RedirectUris { get; } = [];

    /// <summary>True to refuse authorization requests without a PKCE <c>code_challenge</c> (RFC 7636 §4.4.1).</summary>
    public bool RequirePkce { get; set; } = true;

    /// <summary>True to accept the <c>plain</c> challenge method (RFC 7636 §4.2); only <c>S256</c> otherwise.</summary>
    public bool AllowPlainPkce { get; set; }

    /// <summary>The scopes this client may request, or <c>null</c> for any (RFC 6749 §3.3).</summary>
    public List<string>? AllowedScopes { get; set; }

    /// <summary>The <c>alg</c> of this client's id_tokens: <c>RS256</c> (the default) or <c>ES256</c> (OpenID Connect Core §3.1.3.7).</summary>
    public string IdTokenSigningAlgorithm { get; set; } = "RS256";

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"DevOAuth2Client {ClientId}";
}
