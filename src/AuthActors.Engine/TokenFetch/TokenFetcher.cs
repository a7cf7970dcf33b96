using Akka.Actor;
using AuthActors.Engine.Providers;
using AuthActors.Engine.TokenFetch.Internal;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.TokenFetch;

/// <summary>
/// A short-lived child that makes one call to a provider through the provider's pipeline (timeout,
/// compliance hooks, transport), reads the answer, reports a typed <see cref="Result"/> to its parent and stops.
/// </summary>
internal static class TokenFetcher
{
    /// <summary>The outcome of one call: a token or a JSON document, or a typed error.</summary>
    /// <param name="Purpose">What the parent asked for (echoed so that it can tell calls apart).</param>
    /// <param name="Token">The token, for token calls.</param>
    /// <param name="Json">The JSON body, for API calls.</param>
    /// <param name="Error">The error, on failure.</param>
    public sealed record Result(string Purpose, OAuthToken? Token, string? Json, OAuthError? Error)
    {
        /// <summary>A token call's outcome.</summary>
        public static Result Of(string purpose, OAuthToken? token, OAuthError? error) => new(purpose, token, null, error);
    }

    /// <summary>The props of a fetcher.</summary>
    /// <param name="runtime">The provider's runtime.</param>
    /// <param name="purpose">A label the result carries back.</param>
    /// <param name="call">The call to make.</param>
    /// <param name="read">Reads the (hooked) response into a result; must not throw.</param>
    public static Props Props(ProviderRuntime runtime, string purpose, ProviderCall call, Func<OAuthHttpResponse, Result> read) =>
        Akka.Actor.Props.Create(() => new TokenFetcherActor(runtime, purpose, call, read));
}
