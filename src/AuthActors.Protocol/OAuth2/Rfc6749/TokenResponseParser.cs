using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Tokens;
using R = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenResponse;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>
/// Parses token endpoint responses (RFC 6749 §5.1, §5.2) strictly, and never throws: anything a
/// provider sends becomes an <see cref="OAuth2TokenResponse"/>, a token or a typed error. Non-standard
/// shapes are fixed by compliance hooks before this parser runs, not by leniency here.
/// </summary>
public static class TokenResponseParser
{
    private static readonly HashSet<string> Known = [R.AccessToken, R.TokenType, R.ExpiresIn, R.RefreshToken, R.Scope, R.IdToken];

    /// <summary>Parses <paramref name="response"/>; <c>expires_at</c> is <paramref name="now"/> plus <c>expires_in</c>.</summary>
    /// <example>
    /// <c>{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600}</c> gives a token
    /// expiring an hour after <paramref name="now"/>.
    /// </example>
    public static OAuth2TokenResponse Parse(OAuthHttpResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var obj = ResponseBody.TryRead(response);
        if (ResponseBody.FailureOf(response, obj) is { } failure)
        {
            return new() { Error = failure, HttpStatus = Status(response), Raw = response.Body };
        }

        if (obj is null)
        {
            return Invalid(response, response.Body.Trim().Length == 0
                ? "The token response is empty."
                : "The token response is neither a JSON object nor a form-encoded body.");
        }

        var accessToken = obj.Text(R.AccessToken);
        if (string.IsNullOrEmpty(accessToken) || !obj.IsStringOrAbsent(R.AccessToken))
        {
            var hint = obj.Text(R.Error) is { } error ? $" It carries error '{error}' with a success status." : string.Empty;
            return Invalid(response, "The token response has no access_token (RFC 6749 §5.1)." + hint);
        }

        // RFC 6749 A.12: access-token = 1*VSCHAR; a NUL, CR or LF could never go into an Authorization header.
        if (accessToken.AsSpan().ContainsAnyExceptInRange('\x20', '\x7E'))
        {
            return Invalid(response, "The access_token holds characters outside %x20-7E (RFC 6749 A.12).");
        }

        var tokenType = obj.Text(R.TokenType);
        if (string.IsNullOrEmpty(tokenType) || !obj.IsStringOrAbsent(R.TokenType))
        {
            return Invalid(response, "The token response has no token_type string (RFC 6749 §5.1).");
        }

        if (!obj.IsStringOrAbsent(R.RefreshToken) || !obj.IsStringOrAbsent(R.IdToken))
        {
            return Invalid(response, "The refresh_token or id_token of the token response is not a string (RFC 6749 §5.1).");
        }

        if (!obj.IsStringOrAbsent(R.Scope))
        {
            return Invalid(response, "The scope of the token response is not a space-delimited string (RFC 6749 §3.3).");
        }

        long? expiresIn = null;
        if (obj.Text(R.ExpiresIn) is { } rawExpires)
        {
            if (!long.TryParse(rawExpires.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return Invalid(response, "expires_in is not a non-negative integer.");
            }

            if (seconds > (DateTimeOffset.MaxValue - now).TotalSeconds)
            {
                return Invalid(response, "expires_in is beyond any representable date.");
            }

            expiresIn = seconds;
        }

        var token = new OAuth2Token(accessToken, tokenType)
        {
            RefreshToken = obj.Text(R.RefreshToken),
            ExpiresIn = expiresIn,
            ExpiresAt = expiresIn is { } s ? now.AddSeconds(s) : null,
            Scope = obj.Text(R.Scope),
            IdToken = obj.Text(R.IdToken),
            Extra = ExtraOf(obj),
        };
        return new() { Token = token, HttpStatus = response.StatusCode, Raw = response.Body };
    }

    // The members beyond RFC 6749's, as text; most responses have none, and share one empty dictionary.
    private static IReadOnlyDictionary<string, string> ExtraOf(JsonObject obj)
    {
        Dictionary<string, string>? extra = null;
        foreach (var (name, value) in obj)
        {
            if (value is not null && !Known.Contains(name))
            {
                (extra ??= new Dictionary<string, string>(StringComparer.Ordinal)).Add(name, ResponseBody.TextOf(value)!);
            }
        }

        return extra ?? (IReadOnlyDictionary<string, string>)System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
    }

    private static int? Status(OAuthHttpResponse response) => response.IsTransportFailure ? null : response.StatusCode;

    private static OAuth2TokenResponse Invalid(OAuthHttpResponse response, string description) => new()
    {
        Error = new(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, description, HttpStatus: response.StatusCode),
        HttpStatus = response.StatusCode,
        Raw = response.Body,
    };
}
