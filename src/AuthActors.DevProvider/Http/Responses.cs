using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;

namespace AuthActors.DevProvider.Http;

/// <summary>Writers for the few response shapes the provider sends.</summary>
internal static class Responses
{
    public const string Json = "application/json";
    public const string Html = "text/html; charset=utf-8";

    public static Task JsonAsync(HttpContext context, int status, JsonNode body, bool noStore = true) =>
        TextAsync(context, status, Json, body.ToJsonString(), noStore);

    /// <summary>An OAuth 2 error object (RFC 6749 §5.2).</summary>
    public static JsonObject ErrorObject(string error, string? description = null)
    {
        var obj = new JsonObject { [OAuth2Constants.TokenResponse.Error] = error };
        if (description is not null)
        {
            obj[OAuth2Constants.TokenResponse.ErrorDescription] = description;
        }

        return obj;
    }

    public static Task FormAsync(HttpContext context, int status, IEnumerable<KeyValuePair<string, string>> fields) =>
        TextAsync(context, status, OAuthHttpRequest.FormContentType, FormEncoding.Write(fields), noStore: true);

    public static Task HtmlAsync(HttpContext context, int status, string html) =>
        TextAsync(context, status, Html, html, noStore: true);

    public static async Task TextAsync(HttpContext context, int status, string? contentType, string body, bool noStore)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        if (noStore)
        {
            // RFC 6749 §5.1: responses carrying tokens or credentials must not be cached.
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
        }

        if (body.Length > 0)
        {
            await response.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>A 302 to <paramref name="location"/>.</summary>
    public static Task RedirectAsync(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
