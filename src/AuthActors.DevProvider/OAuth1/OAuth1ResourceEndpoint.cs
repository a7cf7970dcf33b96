using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;

namespace AuthActors.DevProvider.OAuth1;

/// <summary>The protected user resource (RFC 5849 §3): a request signed with token credentials gets the user as JSON.</summary>
internal sealed class OAuth1ResourceEndpoint(DevRoutes routes)
{
    public async Task UserAsync(HttpContext context)
    {
        var state = routes.State;
        var verified = await OAuth1Support.ReceiveAsync(context, routes, C.OAuth1Resource, OAuth1TokenUse.Required,
            (consumer, token) => state.OAuth1.FindAccessToken(token) is { } t && t.ConsumerKey == consumer ? t.Secret : null);
        if (verified is null)
        {
            return;
        }

        await Responses.JsonAsync(context, StatusCodes.Status200OK, UserJson.Of(state.Options.User));
    }
}
