using System.Text.Json.Nodes;
using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.Infrastructure;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using E = AuthActors.Protocol.OAuth2.OAuth2Constants.Errors;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>Token revocation (RFC 7009) and introspection (RFC 7662), both for authenticated clients.</summary>
internal sealed class OAuth2TokenManagementEndpoints(DevRoutes routes)
{
    private DevProviderState State => routes.State;

    /// <summary>
    /// POST revoke (§2.1): revokes the client's access or refresh token; revoking a refresh token also
    /// revokes the access tokens of its grant. 200 for unknown tokens too (§2.2).
    /// </summary>
    public async Task RevokeAsync(HttpContext context)
    {
        var token = await ReceiveAsync(context, C.OAuth2Revoke);
        if (token is not { } t)
        {
            return;
        }

        State.OAuth2.Revoke(t.Token, t.ClientId);
        await Responses.TextAsync(context, StatusCodes.Status200OK, null, string.Empty, noStore: true);
    }

    /// <summary>POST introspect (§2.2): the token's metadata when it is active and the caller's, else <c>{"active":false}</c>.</summary>
    public async Task IntrospectAsync(HttpContext context)
    {
        var token = await ReceiveAsync(context, C.OAuth2Introspect);
        if (token is not { } t)
        {
            return;
        }

        var now = State.Now;
        var body = new JsonObject { ["active"] = false };
        if (State.OAuth2.FindAccessToken(t.Token) is { } access && access.ClientId == t.ClientId && access.IsActive(now))
        {
            body = Active(access.Scope, access.ClientId, access.Subject, access.IssuedAt);
            body["exp"] = access.ExpiresAt.ToUnixTimeSeconds();
            body["token_type"] = Protocol.OAuth2.OAuth2Constants.TokenResponse.BearerTokenType;
        }
        else if (State.OAuth2.FindRefreshToken(t.Token) is { } refresh && refresh.ClientId == t.ClientId && refresh.IsActive)
        {
            body = Active(refresh.Scope, refresh.ClientId, refresh.Subject, refresh.IssuedAt);
        }

        await Responses.JsonAsync(context, StatusCodes.Status200OK, body);
    }

    private static JsonObject Active(string? scope, string clientId, string? subject, DateTimeOffset issuedAt)
    {
        var obj = new JsonObject { ["active"] = true, ["client_id"] = clientId, ["iat"] = issuedAt.ToUnixTimeSeconds() };
        if (scope is not null)
        {
            obj["scope"] = scope;
        }

        if (subject is not null)
        {
            obj["sub"] = subject;
        }

        return obj;
    }

    /// <summary>Counts, injects faults, authenticates the client and reads <c>token</c>; writes the error itself.</summary>
    private async Task<(string Token, string ClientId)?> ReceiveAsync(HttpContext context, string counter)
    {
        State.Counters.Request(counter);
        var request = await IncomingRequest.ReadAsync(context);
        if (await Faults.InjectAsync(context, State, ClientAuthenticator.ClaimedClientId(request), serverToServer: true))
        {
            return null;
        }

        if (request.Form is null)
        {
            await TokenResponseWriter.WriteAsync(context, TokenResult.Fail(E.InvalidRequest, "The body must be application/x-www-form-urlencoded."), DevQuirk.None, routes.Root(context));
            return null;
        }

        var auth = ClientAuthenticator.Authenticate(request, State);
        if (auth.Client is null)
        {
            await TokenResponseWriter.WriteAsync(context, TokenResult.FromClientAuth(auth), DevQuirk.None, routes.Root(context));
            return null;
        }

        var token = request.Form.First(T.Token);
        if (string.IsNullOrEmpty(token))
        {
            await TokenResponseWriter.WriteAsync(context, TokenResult.Fail(E.InvalidRequest, "token is required."), DevQuirk.None, routes.Root(context));
            return null;
        }

        return (token, auth.Client.ClientId);
    }
}
