using AuthActors.Protocol.Http;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.OAuth2;

/// <summary>A parsed token endpoint response (RFC 6749 §5.1 success or §5.2 error).</summary>
public sealed record OAuth2TokenResponse : ProtocolResponse
{
    /// <summary>The token, or <c>null</c> when <see cref="ProtocolResponse.IsError"/>.</summary>
    public OAuth2Token? Token { get; init; }
}
