namespace AuthActors.Protocol.OAuth1;

/// <summary>The OAuth 1 signature methods (RFC 5849 §3.4).</summary>
public enum OAuth1SignatureMethod
{
    /// <summary>HMAC-SHA1 (§3.4.2), the default.</summary>
    HmacSha1,
    /// <summary>HMAC-SHA256.</summary>
    HmacSha256,
    /// <summary>RSA-SHA1 (§3.4.3), RSASSA-PKCS1-v1_5.</summary>
    RsaSha1,
    /// <summary>RSA-SHA256, RSASSA-PKCS1-v1_5.</summary>
    RsaSha256,
    /// <summary>PLAINTEXT (§3.4.4); use only over TLS.</summary>
    Plaintext,
}

/// <summary>Where the protocol parameters go (RFC 5849 §3.5).</summary>
public enum OAuth1SignatureType
{
    /// <summary>The <c>Authorization</c> header (§3.5.1), the default.</summary>
    Header,
    /// <summary>The query string (§3.5.3).</summary>
    Query,
    /// <summary>A form-encoded body (§3.5.2).</summary>
    Body,
}

/// <summary>Mapping between <see cref="OAuth1SignatureMethod"/> and its wire name.</summary>
public static class OAuth1SignatureMethods
{
    /// <summary>The wire name, for example <c>HMAC-SHA1</c>.</summary>
    public static string ToWireName(this OAuth1SignatureMethod method) => method switch
    {
        OAuth1SignatureMethod.HmacSha1 => OAuth1Constants.SignatureMethods.HmacSha1,
        OAuth1SignatureMethod.HmacSha256 => OAuth1Constants.SignatureMethods.HmacSha256,
        OAuth1SignatureMethod.RsaSha1 => OAuth1Constants.SignatureMethods.RsaSha1,
        OAuth1SignatureMethod.RsaSha256 => OAuth1Constants.SignatureMethods.RsaSha256,
        OAuth1SignatureMethod.Plaintext => OAuth1Constants.SignatureMethods.Plaintext,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown OAuth 1 signature method."),
    };

    /// <summary>Parses a wire name (case-sensitive, as RFC 5849 §3.4 names them); <c>null</c> when unknown.</summary>
    public static OAuth1SignatureMethod? FromWireName(string? name) => name switch
    {
        OAuth1Constants.SignatureMethods.HmacSha1 => OAuth1SignatureMethod.HmacSha1,
        OAuth1Constants.SignatureMethods.HmacSha256 => OAuth1SignatureMethod.HmacSha256,
        OAuth1Constants.SignatureMethods.RsaSha1 => OAuth1SignatureMethod.RsaSha1,
        OAuth1Constants.SignatureMethods.RsaSha256 => OAuth1SignatureMethod.RsaSha256,
        OAuth1Constants.SignatureMethods.Plaintext => OAuth1SignatureMethod.Plaintext,
        _ => null,
    };
}
