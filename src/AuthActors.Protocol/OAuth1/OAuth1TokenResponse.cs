using AuthActors.Protocol.Http;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.OAuth1;

/// <summary>A parsed temporary-credential or token-credential response (RFC 5849 §2.1, §2.3).</summary>
public sealed record OAuth1TokenResponse : ProtocolResponse
{
    /// <summary>The credentials, or <c>null</c> when <see cref="ProtocolResponse.IsError"/>.</summary>
    public OAuth1Token? Token { get; init; }
}
