using System.Text;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>The outcome of client authentication: the client, or an OAuth error (RFC 6749 §5.2).</summary>
internal sealed record ClientAuthResult(DevOAuth2Client? Client, string? Error, string? Description, bool UsedBasic)
{
    public static ClientAuthResult Fail(string error, string description, bool usedBasic) => new(null, error, description, usedBasic);
}

/// <summary>
/// Client authentication at the token, revocation and introspection endpoints: <c>client_secret_basic</c>
/// (RFC 6749 §2.3.1), <c>client_secret_post</c>, or <c>client_id</c> alone for public clients. Secrets are
/// compared in constant time and never echoed.
/// </summary>
internal static class ClientAuthenticator
{
    private const string BasicPrefix = "Basic ";

    /// <summary>The client id the request claims, unverified: only to pick its knobs.</summary>
    public static string? ClaimedClientId(IncomingRequest request) =>
        TryReadBasic(request.Authorization, out var id, out _) ? id : request.FormOrEmpty.First(T.ClientId);

    public static ClientAuthResult Authenticate(IncomingRequest request, DevProviderState state)
    {
        var form = request.FormOrEmpty;
        var bodyId = form.First(T.ClientId);
        var bodySecret = form.First(T.ClientSecret);
        if (request.Authorization?.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase) == true)
        {
            if (!TryReadBasic(request.Authorization, out var id, out var secret))
            {
                return ClientAuthResult.Fail(OAuth2Constants.Errors.InvalidClient, "The Basic credentials are malformed.", usedBasic: true);
            }

            // §2.3: a client must not use more than one authentication method in one request.
            if (bodySecret is not null || (bodyId is not null && bodyId != id))
            {
                return ClientAuthResult.Fail(OAuth2Constants.Errors.InvalidRequest, "The client authenticated with more than one method.", usedBasic: true);
            }

            var client = state.FindOAuth2Client(id);
            return client?.ClientSecret is { } expected && ConstantTime.Equals(secret, expected)
                ? new(client, null, null, true)
                : ClientAuthResult.Fail(OAuth2Constants.Errors.InvalidClient, "Client authentication failed.", usedBasic: true);
        }

        if (string.IsNullOrEmpty(bodyId))
        {
            return ClientAuthResult.Fail(OAuth2Constants.Errors.InvalidClient, "Client authentication is required.", usedBasic: false);
        }

        var found = state.FindOAuth2Client(bodyId);
        var ok = found switch
        {
            null => false,
            { ClientSecret: null } => bodySecret is null,        // a public client: client_id alone (auth method "none")
            { ClientSecret: { } s } => ConstantTime.Equals(bodySecret, s),
        };
        return ok
            ? new(found, null, null, false)
            : ClientAuthResult.Fail(OAuth2Constants.Errors.InvalidClient, "Client authentication failed.", usedBasic: false);
    }

    /// <summary>
    /// Reads <c>Basic base64(form-urlencoded id ":" form-urlencoded secret)</c> (RFC 6749 §2.3.1), decoding
    /// each part as <c>application/x-www-form-urlencoded</c>, so <c>+</c> is a space.
    /// </summary>
    private static bool TryReadBasic(string? header, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (header is null || !header.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header[BasicPrefix.Length..].Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var written))
        {
            return false;
        }

        string pair;
        try
        {
            pair = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = pair.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        id = PercentEncoding.Decode(pair[..colon], plusIsSpace: true);
        secret = PercentEncoding.Decode(pair[(colon + 1)..], plusIsSpace: true);
        return true;
    }
}
