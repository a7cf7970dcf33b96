using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.Infrastructure;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>
/// The user endpoints (<c>/oauth2/userinfo</c>, <c>/api/user</c>): a Bearer token in the Authorization
/// header (RFC 6750 §2.1), or, only for clients with <see cref="DevQuirk.TokenInQueryOnly"/>, only in the
/// <c>access_token</c> query parameter (§2.3). The client's <see cref="DevIdTokenFault.UserInfoSubjectMismatch"/>
/// and <see cref="DevIdTokenFault.UserInfoNoSubject"/> bend the answer's <c>sub</c> (OpenID Connect Core §5.3.2).
/// </summary>
internal sealed class OAuth2UserInfoEndpoint(DevRoutes routes)
{
    private const string Realm = "AuthActors Dev Provider";
    private const string BearerPrefix = "Bearer ";
    private const string QueryParameter = "access_token";

    public async Task UserAsync(HttpContext context)
    {
        var state = routes.State;
        state.Counters.Request(C.OAuth2UserInfo);
        var authorization = context.Request.Headers.Authorization.ToString();
        var fromHeader = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
        var fromQuery = FormEncoding.Parse(context.Request.QueryString.Value).First(QueryParameter);
        var candidate = fromHeader ?? fromQuery;
        var record = string.IsNullOrEmpty(candidate) ? null : state.OAuth2.FindAccessToken(candidate);
        if (await Faults.InjectAsync(context, state, record?.ClientId, serverToServer: true))
        {
            return;
        }

        // §2: a client must not use more than one method to transmit the token.
        if (fromHeader is not null && fromQuery is not null)
        {
            await ChallengeAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "The token was sent in more than one way.");
            return;
        }

        var queryOnly = Faults.Quirk(context, state, record?.ClientId) == DevQuirk.TokenInQueryOnly;
        var presented = queryOnly ? fromQuery : fromHeader;
        if (string.IsNullOrEmpty(presented))
        {
            // §3.1: a request without any authentication information gets a challenge without an error code.
            await ChallengeAsync(context, StatusCodes.Status401Unauthorized, null, null);
            return;
        }

        if (record is null || !record.IsActive(state.Now))
        {
            await ChallengeAsync(context, StatusCodes.Status401Unauthorized, "invalid_token", "The access token is invalid, revoked or expired.");
            return;
        }

        if (record.Subject is null)
        {
            await ChallengeAsync(context, StatusCodes.Status403Forbidden, "insufficient_scope", "A client credentials token carries no user.");
            return;
        }

        var user = UserJson.Of(state.Options.User);
        user["sub"] = record.Subject;
        switch (state.Knobs.Get(record.ClientId)?.IdTokenFault)
        {
            case DevIdTokenFault.UserInfoSubjectMismatch:
                user["sub"] = record.Subject + "-other";
                break;
            case DevIdTokenFault.UserInfoNoSubject:
                user.Remove("sub");
                break;
        }

        await Responses.JsonAsync(context, StatusCodes.Status200OK, user);
    }

    /// <summary>RFC 6750 §3: the Bearer challenge, with the error code (when any) also as a JSON body.</summary>
    private static Task ChallengeAsync(HttpContext context, int status, string? error, string? description)
    {
        context.Response.Headers.WWWAuthenticate = error is null
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"{error}\", error_description=\"{description}\"";
        return error is null
            ? Responses.TextAsync(context, status, null, string.Empty, noStore: true)
            : Responses.JsonAsync(context, status, Responses.ErrorObject(error, description));
    }
}
