using AuthActors.Protocol.Client;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Client;

/// <summary>Seed-shaped options and clients wired to a capturing transport, a fixed clock and counter randomness.</summary>
internal static class ClientFactory
{
    public static OAuthClientOptions OAuth1Options() => new()
    {
        Name = "x",
        ClientId = "consumer-key",
        ClientSecret = "consumer-secret",
        RequestTokenUrl = "https://api.x.example/oauth/request_token",
        AccessTokenUrl = "https://api.x.example/oauth/access_token",
        AuthorizeUrl = "https://api.x.example/oauth/authenticate",
        ApiBaseUrl = "https://api.x.example/1.1/",
    };

    public static OAuthClientOptions OAuth2Options() => new()
    {
        Name = "idp",
        ClientId = "app-id",
        ClientSecret = "app-secret",
        AccessTokenUrl = "https://idp.example/oauth/token",
        AuthorizeUrl = "https://idp.example/oauth/authorize",
        ApiBaseUrl = "https://api.idp.example/v1/",
        ClientKwargs = new() { Scope = "openid email" },
    };

    public static (OAuthClient Client, CapturingTransport Transport) Create(OAuthClientOptions options, params OAuthHttpResponse[] responses)
    {
        var transport = new CapturingTransport(responses);
        return (new OAuthClient(options, transport, new FixedTimeProvider(), new CounterRandomSource()), transport);
    }

    /// <summary>Recomputes the base string of a captured OAuth 1 request, as the provider would, and checks the signature.</summary>
    public static bool VerifiesOAuth1(OAuthHttpRequest request, string clientSecret, string? tokenSecret)
    {
        var header = AuthorizationHeader.TryParse(request.Header("Authorization"));
        if (header?.First("oauth_signature") is not { } signature)
        {
            return false;
        }

        var baseString = SignatureBaseString.Build(request.Method, request.Url, SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        return Signatures.Verify(Protocol.OAuth1.OAuth1SignatureMethod.HmacSha1, baseString, signature, clientSecret, tokenSecret);
    }
}
