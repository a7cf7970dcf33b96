using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;

namespace AuthActors.Protocol.Compliance;

/// <summary>Small building blocks for compliance fixes.</summary>
public static class HookHelpers
{
    /// <summary>
    /// Reads the response body as an object (JSON, or a form-encoded body converted to one), lets
    /// <paramref name="edit"/> change it, and returns the response with the edited object as a JSON body.
    /// A body that cannot be read is returned unchanged, for the parser to report.
    /// </summary>
    public static OAuthHttpResponse EditJson(this OAuthHttpResponse response, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(edit);
        if (ResponseBody.TryRead(response) is not { } obj)
        {
            return response;
        }

        edit(obj);
        return response with { Body = obj.ToJsonString(), ContentType = "application/json" };
    }

    /// <summary>Renames member <paramref name="from"/> to <paramref name="to"/> unless <paramref name="to"/> exists.</summary>
    public static void Rename(this JsonObject obj, string from, string to)
    {
        if (obj[from] is { } value && !obj.ContainsKey(to))
        {
            obj.Remove(from);
            obj[to] = value;
        }
    }

    /// <summary>Sets <c>token_type</c> to <c>Bearer</c> when it is missing or is a provider-specific label.</summary>
    public static void ForceBearer(this JsonObject obj) => obj[OAuth2.OAuth2Constants.TokenResponse.TokenType] = OAuth2.OAuth2Constants.TokenResponse.BearerTokenType;

    /// <summary>
    /// Moves a Bearer token from the <c>Authorization</c> header to an <c>access_token</c> query parameter
    /// (RFC 6750 §2.3), for providers that only read it there. Requests without a Bearer header are unchanged.
    /// </summary>
    public static OAuthHttpRequest MoveBearerToQuery(OAuthHttpRequest request, string parameterName = "access_token")
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return request;
        }

        var withoutHeader = request with
        {
            Headers = request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).ToList(),
        };
        return withoutHeader.WithQuery(new KeyValuePair<string, string>(parameterName, header["Bearer ".Length..].Trim()));
    }
}
