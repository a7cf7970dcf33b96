using System.Text;
using AuthActors.Protocol.OAuth2.Rfc6749;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.OAuth2.Rfc7523;

/// <summary>
/// JWT client assertions (RFC 7523 §2.2, §3; OIDC Core §9) built with Microsoft.IdentityModel.JsonWebTokens.
/// </summary>
public static class ClientAssertion
{
    /// <summary>How long an assertion is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Creates a signed assertion: <c>iss</c> and <c>sub</c> are the client id, <c>aud</c> is the endpoint,
    /// with <c>jti</c>, <c>iat</c> and <c>exp</c> from the arguments. <c>client_secret_jwt</c> signs with
    /// HS256 over the client secret; <c>private_key_jwt</c> with RS256 (or ES256 for an EC key).
    /// </summary>
    public static string Create(ClientAuthentication client, string audience, DateTimeOffset now, string jwtId)
    {
        ArgumentNullException.ThrowIfNull(client);
        SigningCredentials credentials = client.Method switch
        {
            OAuth2Constants.ClientAuthenticationMethods.ClientSecretJwt =>
                new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(client.RequireSecret())), SecurityAlgorithms.HmacSha256),
            OAuth2Constants.ClientAuthenticationMethods.PrivateKeyJwt => client.SigningKey switch
            {
                null => throw new InvalidOperationException("private_key_jwt needs a signing key."),
                ECDsaSecurityKey ec => new(ec, SecurityAlgorithms.EcdsaSha256),
                JsonWebKey { Kty: "EC" } jwk => new(jwk, SecurityAlgorithms.EcdsaSha256),
                var key => new(key, SecurityAlgorithms.RsaSha256),
            },
            _ => throw new InvalidOperationException($"'{client.Method}' does not use a client assertion."),
        };

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = client.ClientId,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = client.ClientId,
                [JwtRegisteredClaimNames.Jti] = jwtId,
            },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
