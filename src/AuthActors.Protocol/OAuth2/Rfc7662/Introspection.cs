using System.Text.Json;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.Protocol.OAuth2.Rfc7662;

/// <summary>The result of an introspection request (RFC 7662 §2.2).</summary>
public sealed record IntrospectionResponse : ProtocolResponse
{
    /// <summary>The <c>active</c> member: false for unknown, expired or revoked tokens.</summary>
    public bool IsActive { get; init; }

    /// <summary>The other members, as JSON text or strings.</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
}

/// <summary>Token introspection (RFC 7662).</summary>
public static class Introspection
{
    /// <summary>The introspection request (§2.1), before client authentication and hooks.</summary>
    public static OAuthHttpRequest Request(string introspectionUrl, string token, string? tokenTypeHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var form = new List<KeyValuePair<string, string>> { new(T.Token, token) };
        if (tokenTypeHint is not null)
        {
            form.Add(new(T.TokenTypeHint, tokenTypeHint));
        }

        return OAuthHttpRequest.PostForm(introspectionUrl, form).WithHeader("Accept", "application/json");
    }

    /// <summary>Parses the response (§2.2): a JSON object with a boolean <c>active</c>. Never throws.</summary>
    public static IntrospectionResponse Parse(OAuthHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var obj = ResponseBody.TryRead(response);
        var status = response.IsTransportFailure ? (int?)null : response.StatusCode;
        if (ResponseBody.FailureOf(response, obj) is { } failure)
        {
            return new() { Error = failure, HttpStatus = status, Raw = response.Body };
        }

        if (obj?["active"] is not { } active || active.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return new()
            {
                Error = new(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, "The introspection response has no boolean 'active' (RFC 7662 §2.2).", HttpStatus: status),
                HttpStatus = status,
                Raw = response.Body,
            };
        }

        return new()
        {
            IsActive = active.GetValue<bool>(),
            Claims = obj.Where(p => p.Key != "active" && p.Value is not null).ToDictionary(p => p.Key, p => obj.Text(p.Key)!),
            HttpStatus = status,
            Raw = response.Body,
        };
    }
}
