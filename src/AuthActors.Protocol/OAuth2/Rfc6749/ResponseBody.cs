using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.Protocol.OAuth2.Rfc6749;

/// <summary>
/// Reads a provider's response body as a JSON object whatever it was sent as: JSON, or a form-encoded
/// body (which some providers still send), converted into an object of strings. Never throws.
/// </summary>
internal static class ResponseBody
{
    /// <summary>The body as an object, or <c>null</c> when it is neither a JSON object nor a form.</summary>
    public static JsonObject? TryRead(OAuthHttpResponse response)
    {
        var body = response.Body.Trim();
        if (body.Length == 0 || response.IsHtml || body.StartsWith('<'))
        {
            return null;
        }

        if (body.StartsWith('{') || response.IsJson)
        {
            try
            {
                return JsonNode.Parse(body) is JsonObject parsed && IsReadable(parsed) ? parsed : null;
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                // ArgumentException: the body string holds a lone surrogate, which cannot be transcoded.
                return null;
            }
        }

        var fields = FormEncoding.Parse(body);
        if (fields.Count == 0 || fields.Any(f => f.Key.Length == 0 || f.Key.Any(char.IsWhiteSpace)))
        {
            return null;
        }

        var obj = new JsonObject();
        foreach (var (name, value) in fields)
        {
            obj[name] ??= value;
        }

        return obj;
    }

    /// <summary>
    /// JsonNode materializes objects and strings lazily, and only then throws for a duplicate member name or
    /// a string holding a lone surrogate escape. Walk the whole tree once, so that such a body is rejected
    /// here and every later read (parsers, compliance hooks) is safe. Depth is bounded by the parser (64).
    /// </summary>
    private static bool IsReadable(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
        {
            return false;
        }

        static bool Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        Walk(value);
                    }

                    return true;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }

                    return true;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>A string member; numbers and booleans as their JSON text; <c>null</c> when absent or JSON null.</summary>
    public static string? Text(this JsonObject obj, string name) => TextOf(obj[name]);

    /// <summary>A node as <see cref="Text"/> reads it.</summary>
    public static string? TextOf(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        var other => other.ToJsonString(),
    };

    /// <summary>True when the member is present and is a JSON string (or absent/null).</summary>
    public static bool IsStringOrAbsent(this JsonObject obj, string name) =>
        obj[name] is null || obj[name]!.GetValueKind() == JsonValueKind.String;

    /// <summary>The OAuth error of an object that carries <c>error</c>, or <c>null</c>.</summary>
    public static OAuthError? ProtocolError(this JsonObject obj, int status)
    {
        var error = obj.Text(OAuth2Constants.TokenResponse.Error);
        return string.IsNullOrEmpty(error)
            ? null
            : new OAuthError(ErrorKind.Protocol, error, obj.Text(OAuth2Constants.TokenResponse.ErrorDescription),
                obj.Text(OAuth2Constants.TokenResponse.ErrorUri), status);
    }

    /// <summary>The error for a response that is not a success: transport, OAuth error body, or plain HTTP error.</summary>
    public static OAuthError? FailureOf(OAuthHttpResponse response, JsonObject? obj)
    {
        if (response.IsTransportFailure)
        {
            return new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, response.TransportError);
        }

        if (response.IsSuccessStatus)
        {
            return null;
        }

        return obj?.ProtocolError(response.StatusCode)
               ?? new OAuthError(ErrorKind.Http, OAuthErrorCodes.HttpError,
                   $"HTTP {response.StatusCode}{(response.ContentType is null ? string.Empty : " " + response.ContentType)}",
                   HttpStatus: response.StatusCode);
    }
}
