namespace AuthActors.DevProvider.OAuth1;

/// <summary>What an OAuth 1 verifier needs of a received request.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The absolute URL as received: scheme://host:port, the path as sent and the raw query.</param>
/// <param name="Authorization">The <c>Authorization</c> header, or <c>null</c>.</param>
/// <param name="Form">The decoded form body when the content type is <c>application/x-www-form-urlencoded</c>, else <c>null</c>.</param>
/// <param name="Body">Any other body as text (for <c>oauth_body_hash</c>), or <c>null</c>.</param>
internal sealed record OAuth1Request(
    string Method,
    string Url,
    string? Authorization,
    IReadOnlyList<KeyValuePair<string, string>>? Form,
    string? Body);

/// <summary>Whether the request must carry <c>oauth_token</c>.</summary>
internal enum OAuth1TokenUse
{
    /// <summary>The temporary-credential request (RFC 5849 §2.1): no token.</summary>
    None,

    /// <summary>Token and resource requests (§2.3, §3): a token with its secret.</summary>
    Required,
}

/// <summary>Looks up the shared-secret of a token issued to a consumer; <c>null</c> when unknown or no longer valid.</summary>
internal delegate string? OAuth1TokenSecretLookup(string consumerKey, string token);
