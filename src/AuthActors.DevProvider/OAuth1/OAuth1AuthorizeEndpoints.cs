using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using P = AuthActors.Protocol.OAuth1.OAuth1Constants.Parameters;

namespace AuthActors.DevProvider.OAuth1;

/// <summary>Resource owner authorization (RFC 5849 §2.2): approve, deny or ask on a consent page.</summary>
internal sealed class OAuth1AuthorizeEndpoints(DevRoutes routes)
{
    private static readonly TimeSpan ConsentLifetime = TimeSpan.FromMinutes(10);

    private DevProviderState State => routes.State;

    /// <summary>GET authorize?oauth_token=...</summary>
    public async Task AuthorizeAsync(HttpContext context)
    {
        State.Counters.Request(C.OAuth1Authorize);
        var query = FormEncoding.Parse(context.Request.QueryString.Value);
        var token = query.First(P.Token);
        var record = string.IsNullOrEmpty(token) ? null : State.OAuth1.FindLiveRequestToken(token, State.Now);
        if (record is null)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status400BadRequest,
                HtmlPages.Error("Invalid request token", "The oauth_token is missing, unknown, expired or already used."));
            return;
        }

        await Faults.InjectAsync(context, State, record.ConsumerKey, serverToServer: false);
        switch (query.First(DevConsent.Parameter))
        {
            case DevConsent.Deny:
                await DenyAsync(context, record);
                return;
            case DevConsent.Page:
                await ConsentPageAsync(context, record);
                return;
        }

        await (State.Options.AutoApprove ? ApproveAsync(context, record) : ConsentPageAsync(context, record));
    }

    /// <summary>POST consent: the decision from the consent page.</summary>
    public async Task ConsentAsync(HttpContext context)
    {
        State.Counters.Request(C.OAuth1Consent);
        var form = (await IncomingRequest.ReadAsync(context)).FormOrEmpty;
        var pending = State.Consents.Take<PendingOAuth1Consent>(form.First(DevConsent.IdField), State.Now);
        var record = pending is null ? null : State.OAuth1.FindLiveRequestToken(pending.Token, State.Now);
        if (record is null)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status400BadRequest,
                HtmlPages.Error("Consent expired", "This consent page is no longer valid. Start the sign-in again."));
            return;
        }

        await (form.First(DevConsent.DecisionField) == DevConsent.Approve ? ApproveAsync(context, record) : DenyAsync(context, record));
    }

    private Task ConsentPageAsync(HttpContext context, RequestTokenRecord record)
    {
        var id = RandomTokens.UrlSafe(State.Options.Random, 16);
        State.Consents.Add(id, new PendingOAuth1Consent(record.Token), State.Now + ConsentLifetime);
        return Responses.HtmlAsync(context, StatusCodes.Status200OK,
            HtmlPages.Consent(routes.LocalPath(context, DevProviderPaths.OAuth1Consent), id, record.ConsumerKey, null, State.Options.User.Login));
    }

    private async Task ApproveAsync(HttpContext context, RequestTokenRecord record)
    {
        var verifier = RandomTokens.UrlSafe(State.Options.Random, 16);
        if (!State.OAuth1.Approve(record.Token, verifier, State.Now))
        {
            await Responses.HtmlAsync(context, StatusCodes.Status400BadRequest,
                HtmlPages.Error("Invalid request token", "The request token expired or was used meanwhile."));
            return;
        }

        if (record.Callback == OAuth1Constants.OutOfBand)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status200OK, HtmlPages.OutOfBand(verifier));
            return;
        }

        // §2.2: oauth_token and oauth_verifier added to the callback, keeping its own query.
        await Responses.RedirectAsync(context, FormEncoding.AppendQuery(record.Callback, [new(P.Token, record.Token), new(P.Verifier, verifier)]));
    }

    private async Task DenyAsync(HttpContext context, RequestTokenRecord record)
    {
        State.OAuth1.Spend(record);
        if (record.Callback == OAuth1Constants.OutOfBand)
        {
            await Responses.HtmlAsync(context, StatusCodes.Status200OK, HtmlPages.OutOfBandDenied());
            return;
        }

        // X/Twitter style: the callback receives denied=<request token> and no verifier.
        await Responses.RedirectAsync(context, FormEncoding.AppendQuery(record.Callback, [new(P.Denied, record.Token)]));
    }
}

/// <summary>An OAuth 1 authorization waiting on the consent page.</summary>
internal sealed record PendingOAuth1Consent(string Token);
