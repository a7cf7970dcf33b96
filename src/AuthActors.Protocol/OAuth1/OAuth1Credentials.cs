using System.Security.Cryptography;

namespace AuthActors.Protocol.OAuth1;

/// <summary>
/// Everything needed to sign one OAuth 1 request: client credentials, an optional token credential,
/// the signature method and where the parameters go.
/// </summary>
/// <param name="ClientId">The client identifier (<c>oauth_consumer_key</c>).</param>
/// <param name="ClientSecret">The client shared-secret.</param>
public sealed record OAuth1Credentials(string ClientId, string ClientSecret)
{
    /// <summary>The token (<c>oauth_token</c>), or <c>null</c> for the temporary-credential request.</summary>
    public string? Token { get; init; }

    /// <summary>The token shared-secret; empty when there is no token (§2.1).</summary>
    public string? TokenSecret { get; init; }

    /// <summary>The signature method, HMAC-SHA1 by default.</summary>
    public OAuth1SignatureMethod SignatureMethod { get; init; } = OAuth1SignatureMethod.HmacSha1;

    /// <summary>Where the protocol parameters travel, the Authorization header by default.</summary>
    public OAuth1SignatureType SignatureType { get; init; } = OAuth1SignatureType.Header;

    /// <summary>The <c>realm</c> of the Authorization header, if any.</summary>
    public string? Realm { get; init; }

    /// <summary>The RSA private key for RSA-SHA1 and RSA-SHA256.</summary>
    public RSA? RsaPrivateKey { get; init; }

    /// <summary>Whether to send <c>oauth_version="1.0"</c> (optional per §3.1; on by default).</summary>
    public bool IncludeVersion { get; init; } = true;

    /// <summary>Never prints a secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId).Append(", SignatureMethod = ").Append(SignatureMethod)
            .Append(", SignatureType = ").Append(SignatureType).Append(", HasToken = ").Append(Token is not null);
        return true;
    }
}
