using System.Security.Cryptography;

namespace AuthActors.DevProvider;

/// <summary>An OAuth 1.0a client (consumer) registered with the dev provider (RFC 5849 §1.1).</summary>
public sealed class DevOAuth1Client
{
    /// <summary>The client identifier, <c>oauth_consumer_key</c>.</summary>
    public string ConsumerKey { get; set; } = "dev-consumer";

    /// <summary>The client shared-secret (HMAC and PLAINTEXT, RFC 5849 §3.4.2, §3.4.4).</summary>
    public string ConsumerSecret { get; set; } = "dev-consumer-secret";

    /// <summary>
    /// The client's RSA public key; when set, <c>RSA-SHA1</c> (RFC 5849 §3.4.3) and <c>RSA-SHA256</c>
    /// signatures are accepted from this client.
    /// </summary>
    public RSA? RsaPublicKey { get; set; }

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"DevOAuth1Client {ConsumerKey}";
}
