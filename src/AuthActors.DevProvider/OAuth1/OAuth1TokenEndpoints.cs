using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using P = AuthActors.Protocol.OAuth1.OAuth1Constants.Parameters;

namespace AuthActors.DevProvider.OAuth1;

/// <summary>The temporary-credential (RFC 5849 §2.1) and token-credential (§2.3) endpoints.</summary>
internal sealed class OAuth1TokenEndpoints(DevRoutes routes)
{
    private DevProviderState State => routes.State;

    /// <summary>POST request_token: signed with the client secret alone; needs <c>oauth_callback</c>.</summary>
    public async Task RequestTokenAsync(HttpContext context)
    {
        var verified = await OAuth1Support.ReceiveAsync(context, routes, C.OAuth1RequestToken, OAuth1TokenUse.None, (_, _) => null);
        if (verified is null)
        {
            return;
        }

        // §2.1: oauth_callback is required: an absolute URI, or "oob".
        var callback = verified.Parameters.GetValueOrDefault(P.Callback);
        if (string.IsNullOrEmpty(callback))
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(400, OAuth1Problems.ParameterAbsent, OAuth1Problems.ParametersAbsent, P.Callback));
            return;
        }

        if (callback != OAuth1Constants.OutOfBand && !IsAbsoluteUri(callback))
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(400, OAuth1Problems.ParameterRejected, OAuth1Problems.ParametersRejected, P.Callback));
            return;
        }

        var now = State.Now;
        var record = new RequestTokenRecord
        {
            Token = RandomTokens.UrlSafe(State.Options.Random, 16),
            Secret = RandomTokens.UrlSafe(State.Options.Random, 24),
            ConsumerKey = verified.Consumer!.ConsumerKey,
            Callback = callback,
            ExpiresAt = now + State.Options.RequestTokenLifetime,
        };
        State.OAuth1.AddRequestToken(record, now);
        State.Counters.RequestTokenIssued();
        await Responses.FormAsync(context, StatusCodes.Status200OK,
        [
            new(P.Token, record.Token),
            new(P.TokenSecret, record.Secret),
            new(P.CallbackConfirmed, "true"),
        ]);
    }

    /// <summary>POST access_token: signed with the request token; the verifier must match; the request token is spent.</summary>
    public async Task AccessTokenAsync(HttpContext context)
    {
        var verified = await OAuth1Support.ReceiveAsync(context, routes, C.OAuth1AccessToken, OAuth1TokenUse.Required, RequestTokenSecret);
        if (verified is null)
        {
            return;
        }

        var record = State.OAuth1.FindLiveRequestToken(verified.Token!, State.Now);
        if (record is null)
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(401, OAuth1Problems.TokenRejected));
            return;
        }

        // §2.3: the verifier received with the callback, compared in constant time.
        var verifier = verified.Parameters.GetValueOrDefault(P.Verifier);
        if (string.IsNullOrEmpty(verifier))
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(400, OAuth1Problems.ParameterAbsent, OAuth1Problems.ParametersAbsent, P.Verifier));
            return;
        }

        if (record.Verifier is null || !ConstantTime.Equals(record.Verifier, verifier))
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(401, OAuth1Problems.VerifierInvalid));
            return;
        }

        // Temporary credentials are single-use: exactly one exchange wins.
        if (!State.OAuth1.Spend(record))
        {
            await OAuth1Support.ProblemAsync(context, OAuth1Verification.Fail(401, OAuth1Problems.TokenRejected));
            return;
        }

        var user = State.Options.User;
        var token = new OAuth1AccessTokenRecord(
            RandomTokens.UrlSafe(State.Options.Random, 16), RandomTokens.UrlSafe(State.Options.Random, 24), record.ConsumerKey, user.Sub);
        State.OAuth1.AddAccessToken(token);
        State.Counters.OAuth1AccessTokenIssued();
        await Responses.FormAsync(context, StatusCodes.Status200OK,
        [
            new(P.Token, token.Token),
            new(P.TokenSecret, token.Secret),
            new("user_id", user.Sub),
            new("screen_name", user.Login),
        ]);
    }

    private string? RequestTokenSecret(string consumerKey, string token) =>
        State.OAuth1.FindLiveRequestToken(token, State.Now) is { } r && r.ConsumerKey == consumerKey ? r.Secret : null;

    // An absolute URI with a scheme (custom schemes included); a bare path, which .NET on Unix would read as
    // a file URI, is not one.
    private static bool IsAbsoluteUri(string value) =>
        !value.StartsWith('/') && Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile && !uri.IsUnc;
}
