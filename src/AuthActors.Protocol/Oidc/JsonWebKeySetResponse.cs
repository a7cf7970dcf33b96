using AuthActors.Protocol.Http;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Oidc;

/// <summary>A fetched JWK Set (RFC 7517 §5), parsed by Microsoft.IdentityModel, or why it cannot be used.</summary>
public sealed record JsonWebKeySetResponse : ProtocolResponse
{
    /// <summary>The keys, on success.</summary>
    public JsonWebKeySet? Keys { get; init; }

    /// <summary>Reads a <c>jwks_uri</c> response. Never throws.</summary>
    public static JsonWebKeySetResponse Read(OAuthHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var json = JsonResponse.ReadObject(response);
        if (json.Error is { } error)
        {
            return new JsonWebKeySetResponse { Error = error, HttpStatus = json.HttpStatus };
        }

        try
        {
            return new JsonWebKeySetResponse { Keys = new JsonWebKeySet(response.Body), HttpStatus = response.StatusCode };
        }
        catch (ArgumentException)
        {
            return new JsonWebKeySetResponse
            {
                Error = new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The JWKS is not a valid JWK Set."),
                HttpStatus = response.StatusCode,
            };
        }
    }
}
