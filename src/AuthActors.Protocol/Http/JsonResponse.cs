using System.Text.Json;

namespace AuthActors.Protocol.Http;

/// <summary>A JSON object response (user info, metadata, an API): the document, or a typed error.</summary>
public sealed record JsonResponse : ProtocolResponse
{
    /// <summary>The parsed object, on success.</summary>
    public JsonDocument? Document { get; init; }

    /// <summary>
    /// Reads a response whose 2xx body must be a JSON object. A transport failure, an HTTP error status, or
    /// a body that is not a JSON object is a typed error (<see cref="ErrorKind.Transport"/>,
    /// <see cref="ErrorKind.Http"/>, <see cref="ErrorKind.InvalidResponse"/>). Never throws.
    /// </summary>
    public static JsonResponse ReadObject(OAuthHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsTransportFailure)
        {
            return new JsonResponse { Error = new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, response.TransportError) };
        }

        if (!response.IsSuccessStatus)
        {
            return new JsonResponse
            {
                Error = new OAuthError(ErrorKind.Http, OAuthErrorCodes.HttpError, $"HTTP {response.StatusCode}", HttpStatus: response.StatusCode),
                HttpStatus = response.StatusCode, Raw = response.Body,
            };
        }

        try
        {
            var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new JsonResponse { Document = document, HttpStatus = response.StatusCode, Raw = response.Body };
            }

            document.Dispose();
            return Invalid(response, "The provider answered with something other than a JSON object.");
        }
        catch (JsonException)
        {
            return Invalid(response, "The provider answered with invalid JSON.");
        }
    }

    private static JsonResponse Invalid(OAuthHttpResponse response, string description) => new()
    {
        Error = new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse, description),
        HttpStatus = response.StatusCode, Raw = response.Body,
    };
}
