using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Oidc;
using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using R = AuthActors.Protocol.OAuth2.OAuth2Constants.AuthorizeResponse;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>The authorization endpoint (RFC 6749 §4.1.1–4.1.2) and its consent page.</summary>
internal sealed class OAuth2AuthorizeEndpoints(DevRoutes routes)
{
    private static readonly TimeSpan ConsentLifetime = TimeSpan.FromMinutes(10);

    private DevProviderState State => routes.State;

    /// <summary>GET authorize.</summary>
    public async Task AuthorizeAsync(HttpContext context)
    {
        State.Counters.Request(C.OAuth2Authorize);
        var query = FormEncoding.Parse(context.Request.QueryString.Value);
        await Faults.InjectAsync(context, State, query.First(OAuth2Constants.AuthorizeRequest.ClientId), serverToServer: false);

        var verdict = AuthorizationRequestValidator.Validate(query, State);
        if (verdict.PageMessage is not null)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status400BadRequest, HtmlPages.Error("Invalid authorization request", verdict.PageMessage));
            return;
        }

        var request = verdict.Request!;
        if (verdict.Error is not null)
        {
            await DeliverErrorAsync(context, request, verdict.Error, verdict.Description);
            return;
        }

        switch (query.First(DevConsent.Parameter))
        {
            case DevConsent.Deny:
                await DeliverErrorAsync(context, request, OAuth2Constants.Errors.AccessDenied, "The user denied the request.");
                return;
            case DevConsent.Page:
                await ConsentPageAsync(context, request);
                return;
        }

        await (State.Options.AutoApprove ? ApproveAsync(context, request) : ConsentPageAsync(context, request));
    }

    /// <summary>POST consent: the decision from the consent page.</summary>
    public async Task ConsentAsync(HttpContext context)
    {
        State.Counters.Request(C.OAuth2Consent);
        var form = (await IncomingRequest.ReadAsync(context)).FormOrEmpty;
        var request = State.Consents.Take<PendingAuthorization>(form.First(DevConsent.IdField), State.Now);
        if (request is null)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status400BadRequest,
                HtmlPages.Error("Consent expired", "This consent page is no longer valid. Start the sign-in again."));
            return;
        }

        await (form.First(DevConsent.DecisionField) == DevConsent.Approve
            ? ApproveAsync(context, request)
            : DeliverErrorAsync(context, request, OAuth2Constants.Errors.AccessDenied, "The user denied the request."));
    }

    private Task ConsentPageAsync(HttpContext context, PendingAuthorization request)
    {
        var id = RandomTokens.UrlSafe(State.Options.Random, 16);
        State.Consents.Add(id, request, State.Now + ConsentLifetime);
        return Responses.HtmlAsync(context, StatusCodes.Status200OK,
            HtmlPages.Consent(routes.LocalPath(context, DevProviderPaths.OAuth2Consent), id, request.Client.ClientId, request.Scope, State.Options.User.Login));
    }

    private Task ApproveAsync(HttpContext context, PendingAuthorization request)
    {
        var now = State.Now;
        var code = new AuthorizationCodeRecord
        {
            Code = RandomTokens.UrlSafe(State.Options.Random, 32),
            ClientId = request.Client.ClientId,
            RedirectUri = request.RedirectUri,
            RedirectUriWasSent = request.RedirectUriWasSent,
            Scope = request.Scope,
            Nonce = request.Nonce,
            CodeChallenge = request.CodeChallenge,
            CodeChallengeMethod = request.CodeChallenge is null ? null : request.CodeChallengeMethod ?? OAuth2Constants.CodeChallengeMethods.Plain,
            Subject = request.LoginHint ?? PooledUser() ?? State.Options.User.Sub,
            ExpiresAt = now + State.Options.CodeLifetime,
            Family = new GrantFamily { AuthTime = now },
        };
        State.OAuth2.AddCode(code, now);
        State.Counters.CodeIssued();
        return DeliverAsync(context, request, [new(R.Code, code.Code)]);
    }

    private string? PooledUser()
    {
        if (State.Options.UserPool <= 0)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[4];
        State.Options.Random.Fill(bytes);
        return "user-" + (BitConverter.ToUInt32(bytes) % (uint)State.Options.UserPool).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task DeliverErrorAsync(HttpContext context, PendingAuthorization request, string error, string? description)
    {
        var fields = new List<KeyValuePair<string, string>> { new(R.Error, error) };
        if (description is not null)
        {
            fields.Add(new(R.ErrorDescription, description));
        }

        return DeliverAsync(context, request, fields);
    }

    /// <summary>
    /// Sends the response parameters plus <c>state</c> (§4.1.2) and <c>iss</c> (RFC 9207 §2) to the client:
    /// appended to the redirect URI's query, or auto-posted by an HTML form (form_post). The client's
    /// <see cref="DevIdTokenFault.IssParameterWrong"/> and <see cref="DevIdTokenFault.IssParameterMissing"/> bend <c>iss</c>.
    /// </summary>
    private Task DeliverAsync(HttpContext context, PendingAuthorization request, List<KeyValuePair<string, string>> fields)
    {
        if (request.State is not null)
        {
            fields.Add(new(R.State, request.State));
        }

        switch (State.Knobs.Get(request.Client.ClientId)?.IdTokenFault)
        {
            case DevIdTokenFault.IssParameterMissing:
                break;
            case DevIdTokenFault.IssParameterWrong:
                fields.Add(new(R.Issuer, IdTokenClaims.WrongIssuer(routes.Issuer(context))));
                break;
            default:
                fields.Add(new(R.Issuer, routes.Issuer(context)));
                break;
        }

        return request.FormPost
            ? Responses.HtmlAsync(context, StatusCodes.Status200OK, HtmlPages.FormPost(request.RedirectUri, fields))
            : Responses.RedirectAsync(context, FormEncoding.AppendQuery(request.RedirectUri, fields));
    }
}
