using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using P = AuthActors.Protocol.OAuth1.OAuth1Constants.Parameters;

namespace AuthActors.Protocol.OAuth1.Rfc5849;

/// <summary>
/// Signs an <see cref="OAuthHttpRequest"/> (RFC 5849 §3.1): adds the protocol parameters, computes the
/// signature over the request's own URL, query and form, and places the result in the header, the query
/// or the body. Nonce and timestamp are parameters, so the result is deterministic.
/// </summary>
public static class RequestSigner
{
    /// <summary>Signs <paramref name="request"/>.</summary>
    /// <param name="request">The unsigned request.</param>
    /// <param name="credentials">Client and token credentials, method and placement.</param>
    /// <param name="nonce">The <c>oauth_nonce</c> (unique per timestamp, §3.3).</param>
    /// <param name="timestamp">The <c>oauth_timestamp</c> in seconds since the epoch.</param>
    /// <param name="extraProtocolParameters">
    /// Further <c>oauth_*</c> parameters, in order (for example <c>oauth_callback</c>, <c>oauth_verifier</c>).
    /// </param>
    /// <returns>The signed request.</returns>
    public static OAuthHttpRequest Sign(
        OAuthHttpRequest request,
        OAuth1Credentials credentials,
        string nonce,
        long timestamp,
        IEnumerable<KeyValuePair<string, string>>? extraProtocolParameters = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        request = WithFormBodyParsed(request);
        var oauth = ProtocolParameters(request, credentials, nonce, timestamp, extraProtocolParameters);
        var form = request.Form;
        if (credentials.SignatureType == OAuth1SignatureType.Body && form is null && request.Body is null)
        {
            form = [];
        }

        if (credentials.SignatureType == OAuth1SignatureType.Body && form is null)
        {
            throw new InvalidOperationException("Body placement needs a form-encoded body (RFC 5849 §3.5.2).");
        }

        var baseString = SignatureBaseString.Build(request.Method, request.Url,
            SignatureBaseString.CollectParameters(request.Url, oauth, form));
        var signature = Signatures.Sign(credentials.SignatureMethod, baseString, credentials.ClientSecret,
            credentials.TokenSecret, credentials.RsaPrivateKey);
        oauth.Add(new(OAuth1Constants.Parameters.Signature, signature));

        return credentials.SignatureType switch
        {
            OAuth1SignatureType.Header => request.WithHeader("Authorization", AuthorizationHeader.Write(oauth, credentials.Realm)),
            OAuth1SignatureType.Query => request with { Url = FormEncoding.AppendQuery(request.Url, oauth) },
            _ => request with { Form = form!.Concat(oauth).ToList() },
        };
    }

    /// <summary>The signature base string this signer would use; for diagnostics and tests.</summary>
    public static string BaseStringFor(
        OAuthHttpRequest request,
        OAuth1Credentials credentials,
        string nonce,
        long timestamp,
        IEnumerable<KeyValuePair<string, string>>? extraProtocolParameters = null)
    {
        request = WithFormBodyParsed(request);
        var oauth = ProtocolParameters(request, credentials, nonce, timestamp, extraProtocolParameters);
        return SignatureBaseString.Build(request.Method, request.Url,
            SignatureBaseString.CollectParameters(request.Url, oauth, request.Form));
    }

    /// <summary>
    /// A form-encoded body given as a raw string is read as the form it is (§3.4.1.3.1: its parameters are
    /// signed), never signed as an opaque body with <c>oauth_body_hash</c>.
    /// </summary>
    internal static OAuthHttpRequest WithFormBodyParsed(OAuthHttpRequest request)
    {
        if (request.Form is not null || request.Body is null || request.ContentType is not { } contentType)
        {
            return request;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, OAuthHttpRequest.FormContentType, StringComparison.OrdinalIgnoreCase)
            ? request with { Form = FormEncoding.Parse(request.Body), Body = null, ContentType = null }
            : request;
    }

    private static List<KeyValuePair<string, string>> ProtocolParameters(
        OAuthHttpRequest request,
        OAuth1Credentials credentials,
        string nonce,
        long timestamp,
        IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var oauth = new List<KeyValuePair<string, string>> { new(P.ConsumerKey, credentials.ClientId) };
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            oauth.Add(new(P.Token, credentials.Token));
        }

        oauth.Add(new(P.SignatureMethod, credentials.SignatureMethod.ToWireName()));
        oauth.Add(new(P.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        oauth.Add(new(P.Nonce, nonce));
        if (credentials.IncludeVersion)
        {
            oauth.Add(new(P.Version, "1.0"));
        }

        oauth.AddRange(extra ?? []);
        if (request.Form is null && request.Body is not null)
        {
            oauth.Add(new(P.BodyHash, Signatures.BodyHash(credentials.SignatureMethod, request.Body)));
        }

        return oauth;
    }
}
