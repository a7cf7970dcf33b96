using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;

namespace AuthActors.DevProvider.OAuth1;

/// <summary>What every signed OAuth 1 endpoint does first: count, read, inject faults, verify, report problems.</summary>
internal static class OAuth1Support
{
    private const string Realm = "AuthActors Dev Provider";

    /// <summary>
    /// Receives a signed request. Returns the verification when it passed; otherwise the response (a fault,
    /// or a form-encoded <c>oauth_problem</c> body) has been written and the result is <c>null</c>.
    /// </summary>
    public static async Task<OAuth1Verification?> ReceiveAsync(
        HttpContext context, DevRoutes routes, string counter, OAuth1TokenUse tokenUse, OAuth1TokenSecretLookup tokenSecrets)
    {
        var state = routes.State;
        state.Counters.Request(counter);
        var request = await IncomingRequest.ReadAsync(context);
        if (await Faults.InjectAsync(context, state, ClaimedConsumerKey(request), serverToServer: true))
        {
            return null;
        }

        var verifier = new OAuth1RequestVerifier(state.Options.Clock, state.Options.TimestampWindow, state.Nonces);
        var verification = verifier.Verify(
            new OAuth1Request(request.Method, request.AbsoluteUrl, request.Authorization, request.Form, request.Form is null ? request.Body : null),
            state.FindOAuth1Client, tokenUse, tokenSecrets);
        if (verification.IsValid)
        {
            return verification;
        }

        if (verification.Problem == OAuth1Problems.SignatureInvalid)
        {
            state.Counters.SignatureFailed();
        }
        else if (verification.Problem == OAuth1Problems.NonceUsed)
        {
            state.Counters.NonceReplayed();
        }

        await ProblemAsync(context, verification);
        return null;
    }

    /// <summary>Writes the problem as a form-encoded body with its status (Problem Reporting, RFC 5849 §3.2).</summary>
    public static Task ProblemAsync(HttpContext context, OAuth1Verification problem)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = $"{OAuth1Constants.AuthorizationScheme} realm=\"{Realm}\"";
        }

        return Responses.FormAsync(context, problem.Status, problem.ProblemBody());
    }

    /// <summary>The consumer key the request claims, unverified: only to pick its knobs.</summary>
    private static string? ClaimedConsumerKey(IncomingRequest request)
    {
        var header = AuthorizationHeader.TryParse(request.Authorization) ?? [];
        return header.First(OAuth1Constants.Parameters.ConsumerKey)
               ?? request.Query.First(OAuth1Constants.Parameters.ConsumerKey)
               ?? request.FormOrEmpty.First(OAuth1Constants.Parameters.ConsumerKey);
    }
}
