using System.Text.Json.Nodes;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.OAuth2;
using R = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenResponse;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>
/// Writes a <see cref="TokenResult"/> as RFC 6749 §5.1/§5.2 JSON, or in the shape of a <see cref="DevQuirk"/>.
/// Only the shape changes: the tokens were issued (and codes spent) before this runs.
/// </summary>
internal static class TokenResponseWriter
{
    private const string BasicRealm = "Basic realm=\"AuthActors Dev Provider\"";

    public static Task WriteAsync(HttpContext context, TokenResult result, DevQuirk quirk, string root)
    {
        switch (quirk)
        {
            case DevQuirk.HtmlErrorPage:
                return Responses.HtmlAsync(context, StatusCodes.Status500InternalServerError, HtmlPages.InternalError());
            case DevQuirk.EmptyBody:
                return Responses.TextAsync(context, StatusCodes.Status200OK, Responses.Json, string.Empty, noStore: true);
            case DevQuirk.GarbageBody:
                return Responses.TextAsync(context, StatusCodes.Status200OK, Responses.Json, "{\"access_tok", noStore: true);
        }

        if (result.Tokens is { } tokens)
        {
            return quirk == DevQuirk.FormEncodedToken
                ? Responses.TextAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", FacebookBody(tokens), noStore: true)
                : Responses.JsonAsync(context, StatusCodes.Status200OK, SuccessJson(tokens, quirk));
        }

        if (result.BasicChallenge)
        {
            // §5.2: invalid_client after Basic authentication gets 401 with a matching challenge.
            context.Response.Headers.WWWAuthenticate = BasicRealm;
        }

        var error = result.Error!;
        return quirk switch
        {
            DevQuirk.ErrorInSuccess => Responses.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                [R.Error] = error,
                [R.ErrorDescription] = result.Description,
                [R.ErrorUri] = $"{root}/docs/errors#{error}",
            }),
            DevQuirk.SlackShape => Responses.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["ok"] = false,
                [R.Error] = SlackError(error),
            }),
            DevQuirk.FitbitErrors => Responses.JsonAsync(context, result.Status, new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["errorType"] = error, ["message"] = result.Description }),
                ["success"] = false,
            }),
            _ => Responses.JsonAsync(context, result.Status, Responses.ErrorObject(error, result.Description)),
        };
    }

    private static JsonObject SuccessJson(IssuedTokens tokens, DevQuirk quirk) => quirk switch
    {
        DevQuirk.SlackShape => SlackSuccess(tokens),
        DevQuirk.MailchimpShape => new JsonObject { [R.AccessToken] = tokens.AccessToken, [R.ExpiresIn] = 0, [R.Scope] = null },
        DevQuirk.CamelCaseKeys => WithoutNulls(new JsonObject
        {
            ["accessToken"] = tokens.AccessToken,
            ["tokenType"] = R.BearerTokenType,
            ["expiresIn"] = tokens.ExpiresIn,
            ["refreshToken"] = tokens.RefreshToken,
            [R.Scope] = tokens.Scope,
        }),
        _ => Standard(tokens, quirk),
    };

    private static JsonObject Standard(IssuedTokens tokens, DevQuirk quirk)
    {
        var obj = new JsonObject { [R.AccessToken] = tokens.AccessToken };
        switch (quirk)
        {
            case DevQuirk.MissingTokenType:
                break;
            case DevQuirk.OddTokenType:
                obj[R.TokenType] = tokens.Subject is null ? "Application Access Token" : "User Access Token";
                break;
            default:
                obj[R.TokenType] = R.BearerTokenType;
                break;
        }

        obj[R.ExpiresIn] = tokens.ExpiresIn;
        obj[R.RefreshToken] = tokens.RefreshToken;
        obj[R.Scope] = quirk == DevQuirk.ScopeArray && tokens.Scope is not null
            ? new JsonArray(Scopes.Split(tokens.Scope).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray())
            : tokens.Scope;
        obj["id_token"] = tokens.IdToken;
        return WithoutNulls(obj);
    }

    /// <summary>Slack <c>oauth.v2.access</c>: the user token under <c>authed_user</c>; a client credentials token as a top-level bot token.</summary>
    private static JsonObject SlackSuccess(IssuedTokens tokens)
    {
        var obj = new JsonObject { ["ok"] = true, ["app_id"] = "A0DEVPROVIDER" };
        var token = WithoutNulls(new JsonObject
        {
            ["id"] = tokens.Subject,
            [R.Scope] = tokens.Scope,
            [R.AccessToken] = tokens.AccessToken,
            [R.TokenType] = tokens.Subject is null ? "bot" : "user",
            [R.ExpiresIn] = tokens.ExpiresIn,
            [R.RefreshToken] = tokens.RefreshToken,
        });
        if (tokens.Subject is null)
        {
            foreach (var (name, value) in token.ToList())
            {
                token.Remove(name);
                obj[name] = value;
            }
        }
        else
        {
            obj["authed_user"] = token;
        }

        obj["team"] = new JsonObject { ["id"] = "T0DEVTEAM", ["name"] = "Dev Team" };
        return obj;
    }

    private static string SlackError(string error) => error switch
    {
        OAuth2Constants.Errors.InvalidGrant => "invalid_code",
        OAuth2Constants.Errors.InvalidClient => "invalid_client_id",
        OAuth2Constants.Errors.UnsupportedGrantType => "invalid_grant_type",
        _ => error,
    };

    /// <summary>Facebook before Graph v2.3: <c>access_token=...&amp;expires=N</c>, no token type, no refresh token.</summary>
    private static string FacebookBody(IssuedTokens tokens) =>
        Protocol.Infrastructure.FormEncoding.Write([
            new(R.AccessToken, tokens.AccessToken),
            new("expires", tokens.ExpiresIn.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);

    private static JsonObject WithoutNulls(JsonObject obj)
    {
        foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(name);
        }

        return obj;
    }
}
