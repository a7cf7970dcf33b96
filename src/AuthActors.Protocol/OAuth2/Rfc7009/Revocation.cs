using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.Protocol.OAuth2.Rfc7009;

/// <summary>The result of a revocation request: success, or a typed error.</summary>
public sealed record RevocationResponse : ProtocolResponse;

/// <summary>Token revocation (RFC 7009).</summary>
public static class Revocation
{
    /// <summary>The revocation request (§2.1), before client authentication and hooks.</summary>
    /// <param name="revocationUrl">The revocation endpoint.</param>
    /// <param name="token">The token to revoke.</param>
    /// <param name="tokenTypeHint"><c>access_token</c>, <c>refresh_token</c>, or <c>null</c>.</param>
    public static OAuthHttpRequest Request(string revocationUrl, string token, string? tokenTypeHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var form = new List<KeyValuePair<string, string>> { new(T.Token, token) };
        if (tokenTypeHint is not null)
        {
            form.Add(new(T.TokenTypeHint, tokenTypeHint));
        }

        return OAuthHttpRequest.PostForm(revocationUrl, form);
    }

    /// <summary>
    /// Parses the response (§2.2): 200 is success, whatever the body (an unknown token is also 200);
    /// an error body, an HTTP error or a transport failure is a typed error.
    /// </summary>
    public static RevocationResponse Parse(OAuthHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var failure = ResponseBody.FailureOf(response, ResponseBody.TryRead(response));
        return new() { Error = failure, HttpStatus = response.IsTransportFailure ? null : response.StatusCode, Raw = response.Body };
    }
}
