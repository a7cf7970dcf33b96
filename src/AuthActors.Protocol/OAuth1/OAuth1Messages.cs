using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.OAuth1;

/// <summary>
/// Builders and parsers for the three OAuth 1.0a steps (RFC 5849 §2). Pure: nonce and timestamp are
/// parameters, nothing is sent.
/// </summary>
public static class OAuth1Messages
{
    /// <summary>
    /// The temporary-credential request (§2.1): a signed POST carrying <c>oauth_callback</c> and no token.
    /// </summary>
    /// <param name="requestTokenUrl">The Temporary Credential Request endpoint.</param>
    /// <param name="credentials">Client credentials (any token in them is ignored).</param>
    /// <param name="callback">The absolute callback URI, or <c>oob</c>.</param>
    /// <param name="nonce">The nonce.</param>
    /// <param name="timestamp">The timestamp.</param>
    /// <param name="extraParameters">Provider-specific parameters (<c>RequestTokenParams</c>), sent in the body.</param>
    public static OAuthHttpRequest RequestToken(
        string requestTokenUrl,
        OAuth1Credentials credentials,
        string callback,
        string nonce,
        long timestamp,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callback);
        var unsigned = OAuthHttpRequest.PostForm(requestTokenUrl, extraParameters ?? []);
        return RequestSigner.Sign(unsigned, credentials with { Token = null, TokenSecret = null }, nonce, timestamp,
            [new(OAuth1Constants.Parameters.Callback, callback)]);
    }

    /// <summary>The Resource Owner Authorization URI (§2.2): the endpoint with <c>oauth_token</c> added.</summary>
    /// <example><c>https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola</c></example>
    public static string AuthorizeUrl(string authorizeUrl, string requestToken, IEnumerable<KeyValuePair<string, string>>? extraParameters = null) =>
        FormEncoding.AppendQuery(authorizeUrl,
            new[] { new KeyValuePair<string, string>(OAuth1Constants.Parameters.Token, requestToken) }.Concat(extraParameters ?? []));

    /// <summary>
    /// The token-credential request (§2.3): a POST signed with the temporary credentials and carrying
    /// <c>oauth_verifier</c>.
    /// </summary>
    public static OAuthHttpRequest AccessToken(
        string accessTokenUrl,
        OAuth1Credentials clientCredentials,
        OAuth1Token requestToken,
        string verifier,
        string nonce,
        long timestamp,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        ArgumentNullException.ThrowIfNull(requestToken);
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        var unsigned = OAuthHttpRequest.PostForm(accessTokenUrl, extraParameters ?? []);
        var credentials = clientCredentials with { Token = requestToken.Token, TokenSecret = requestToken.TokenSecret };
        return RequestSigner.Sign(unsigned, credentials, nonce, timestamp, [new(OAuth1Constants.Parameters.Verifier, verifier)]);
    }

    /// <summary>
    /// Parses a credentials response (§2.1, §2.3): a 200 form-encoded body with <c>oauth_token</c> and
    /// <c>oauth_token_secret</c>. When <paramref name="requireCallbackConfirmed"/> is set (the temporary
    /// credential step), <c>oauth_callback_confirmed</c> must be <c>true</c>. Never throws.
    /// </summary>
    public static OAuth1TokenResponse ParseTokenResponse(OAuthHttpResponse response, bool requireCallbackConfirmed)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsTransportFailure)
        {
            return new() { Error = new(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, response.TransportError) };
        }

        var fields = response.IsHtml ? [] : FormEncoding.Parse(response.Body.Trim());
        if (!response.IsSuccessStatus)
        {
            // OAuth 1 has no standard error body; the OAuth Problem Reporting extension uses oauth_problem.
            var problem = fields.First("oauth_problem");
            var error = problem is null
                ? new OAuthError(ErrorKind.Http, OAuthErrorCodes.HttpError, $"HTTP {response.StatusCode}", HttpStatus: response.StatusCode)
                : new OAuthError(ErrorKind.Protocol, problem, fields.First("oauth_problem_advice"), HttpStatus: response.StatusCode);
            return new() { Error = error, HttpStatus = response.StatusCode, Raw = response.Body };
        }

        var token = fields.First(OAuth1Constants.Parameters.Token);
        var secret = fields.First(OAuth1Constants.Parameters.TokenSecret);
        if (string.IsNullOrEmpty(token) || secret is null)
        {
            return Invalid(response, "The response carries no oauth_token and oauth_token_secret.");
        }

        if (requireCallbackConfirmed && fields.First(OAuth1Constants.Parameters.CallbackConfirmed) != "true")
        {
            return new()
            {
                Error = new(ErrorKind.InvalidResponse, OAuthErrorCodes.CallbackNotConfirmed,
                    "oauth_callback_confirmed is not \"true\" (RFC 5849 §2.1): the server does not implement OAuth 1.0a.",
                    HttpStatus: response.StatusCode),
                HttpStatus = response.StatusCode,
                Raw = response.Body,
            };
        }

        var extra = fields
            .Where(f => f.Key is not OAuth1Constants.Parameters.Token and not OAuth1Constants.Parameters.TokenSecret)
            .GroupBy(f => f.Key)
            .ToDictionary(g => g.Key, g => g.First().Value);
        return new() { Token = new OAuth1Token(token, secret) { Extra = extra }, HttpStatus = response.StatusCode, Raw = response.Body };
    }

    /// <summary>
    /// Checks the authorization callback (§2.2): a denial (<c>denied</c>, or an OAuth 2 style <c>error</c>)
    /// is <see cref="ErrorKind.Denied"/>; <c>oauth_token</c> must equal <paramref name="requestToken"/>
    /// (compared in constant time) and <c>oauth_verifier</c> must be present.
    /// </summary>
    /// <returns>The verifier, or the typed error.</returns>
    public static OAuth1Callback ValidateCallback(
        IEnumerable<KeyValuePair<string, string>> callbackParameters,
        string? requestToken)
    {
        ArgumentNullException.ThrowIfNull(callbackParameters);
        var parameters = callbackParameters.ToList();
        if (parameters.First(OAuth1Constants.Parameters.Denied) is not null)
        {
            return new() { Error = new(ErrorKind.Denied, "access_denied", "The user refused the authorization.") };
        }

        // An empty error names no error (as in OAuth 2): it is not a denial.
        if (parameters.First("error") is { Length: > 0 } error)
        {
            return new() { Error = new(ErrorKind.Denied, error, parameters.First("error_description")) };
        }

        var token = parameters.First(OAuth1Constants.Parameters.Token);
        if (string.IsNullOrEmpty(token))
        {
            return new() { Error = new(ErrorKind.InvalidCallback, OAuthErrorCodes.MissingToken, "The callback carries no oauth_token.") };
        }

        if (!ConstantTime.Equals(token, requestToken))
        {
            return new() { Error = new(ErrorKind.InvalidCallback, OAuthErrorCodes.TokenMismatch,
                "The callback's oauth_token is not the request token of this authorization.") };
        }

        var verifier = parameters.First(OAuth1Constants.Parameters.Verifier);
        return string.IsNullOrEmpty(verifier)
            ? new() { Error = new(ErrorKind.InvalidCallback, OAuthErrorCodes.MissingVerifier, "The callback carries no oauth_verifier.") }
            : new() { Verifier = verifier };
    }

    private static OAuth1TokenResponse Invalid(OAuthHttpResponse response, string description) => new()
    {
        Error = new(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, description, HttpStatus: response.StatusCode),
        HttpStatus = response.StatusCode,
        Raw = response.Body,
    };
}
