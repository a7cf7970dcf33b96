using System.Text;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc7523;
using Microsoft.IdentityModel.Tokens;
using M = AuthActors.Protocol.OAuth2.OAuth2Constants.ClientAuthenticationMethods;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>
/// How a client authenticates at the token, revocation and introspection endpoints: one of
/// <see cref="OAuth2Constants.ClientAuthenticationMethods"/>.
/// </summary>
/// <param name="Method">The method name, for example <c>client_secret_basic</c>.</param>
/// <param name="ClientId">The client identifier.</param>
/// <param name="ClientSecret">The client secret (basic, post and client_secret_jwt).</param>
public sealed record ClientAuthentication(string Method, string ClientId, string? ClientSecret)
{
    /// <summary>The key that signs <c>private_key_jwt</c> assertions (an <c>RsaSecurityKey</c>, <c>ECDsaSecurityKey</c> or <c>JsonWebKey</c>).</summary>
    public SecurityKey? SigningKey { get; init; }

    /// <summary>The methods this library implements.</summary>
    public static IReadOnlySet<string> SupportedMethods { get; } =
        new HashSet<string>(StringComparer.Ordinal) { M.ClientSecretBasic, M.ClientSecretPost, M.None, M.ClientSecretJwt, M.PrivateKeyJwt };

    /// <summary>
    /// Adds client authentication to <paramref name="request"/>, a form POST to <paramref name="endpoint"/>:
    /// <list type="bullet">
    /// <item><c>client_secret_basic</c>: <c>Authorization: Basic</c> over the form-encoded id and secret (RFC 6749 §2.3.1).</item>
    /// <item><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the body.</item>
    /// <item><c>none</c>: <c>client_id</c> in the body.</item>
    /// <item><c>client_secret_jwt</c> and <c>private_key_jwt</c>: a signed <c>client_assertion</c> (RFC 7523 §2.2).</item>
    /// </list>
    /// </summary>
    /// <param name="request">The form POST.</param>
    /// <param name="endpoint">The endpoint URL, the audience of JWT assertions.</param>
    /// <param name="now">The current time (JWT <c>iat</c>/<c>exp</c>).</param>
    /// <param name="jwtId">A unique <c>jti</c> for JWT assertions.</param>
    public OAuthHttpRequest Apply(OAuthHttpRequest request, string endpoint, DateTimeOffset now, string jwtId)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (Method)
        {
            case M.ClientSecretBasic:
                var pair = FormEncoding.EncodeComponent(ClientId) + ":" + FormEncoding.EncodeComponent(RequireSecret());
                return request.WithHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
            case M.ClientSecretPost:
                return request.WithFormFields([new(T.ClientId, ClientId), new(T.ClientSecret, RequireSecret())]);
            case M.None:
                return request.WithFormFields([new(T.ClientId, ClientId)]);
            case M.ClientSecretJwt:
            case M.PrivateKeyJwt:
                var assertion = ClientAssertion.Create(this, endpoint, now, jwtId);
                return request.WithFormFields([
                    new(T.ClientId, ClientId),
                    new(T.ClientAssertionType, M.JwtBearerAssertionType),
                    new(T.ClientAssertion, assertion),
                ]);
            default:
                throw new InvalidOperationException($"Unknown token endpoint auth method '{Method}'. Use one of: {string.Join(", ", SupportedMethods)}.");
        }
    }

    internal string RequireSecret() =>
        string.IsNullOrEmpty(ClientSecret)
            ? throw new InvalidOperationException($"The '{Method}' auth method needs a client secret.")
            : ClientSecret;

    /// <summary>Never prints the secret.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Method = ").Append(Method).Append(", ClientId = ").Append(ClientId);
        return true;
    }
}
