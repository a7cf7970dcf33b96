using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Routing;
using AuthActors.Engine.Providers;
using AuthActors.Engine.TokenFetch.Internal;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.TokenFetch;

/// <summary>
/// The token-fetch actors: per provider a long-lived pool behind a round-robin router. Each call goes through the
/// provider's pipeline (timeout, compliance hooks, transport); the answer is read into a typed <see cref="Result"/>
/// and sent to the asking actor. A fetcher never blocks on a call, so one serves many at once; the pool spreads the
/// reading and the hooks over the dispatcher's threads. Spawning a child per call, as before, cost an actor's
/// creation and stop on every login.
/// </summary>
internal static class TokenFetcher
{
    /// <summary>Fetchers in each provider's pool.</summary>
    public const int PoolSize = 4;

    /// <summary>The outcome of one call: a token or a JSON document, or a typed error.</summary>
    /// <param name="Purpose">What the asker asked for (echoed so that it can tell calls apart).</param>
    /// <param name="Token">The token, for token calls.</param>
    /// <param name="Json">The JSON body, for API calls.</param>
    /// <param name="Error">The error, on failure.</param>
    public sealed record Result(string Purpose, OAuthToken? Token, string? Json, OAuthError? Error)
    {
        /// <summary>A token call's outcome.</summary>
        public static Result Of(string purpose, OAuthToken? token, OAuthError? error) => new(purpose, token, null, error);
    }

    /// <summary>One call for a fetcher of the pool; the result goes to the message's sender.</summary>
    /// <param name="Purpose">A label the result carries back.</param>
    /// <param name="Call">The call to make.</param>
    /// <param name="Read">Reads the (hooked) response into a result; must not throw.</param>
    /// <param name="Cancellation">The asker's: cancelled when it stops, which ends the call.</param>
    public sealed record Fetch(string Purpose, ProviderCall Call, Func<OAuthHttpResponse, Result> Read, CancellationToken Cancellation);

    /// <summary>
    /// Asks the provider's pool (started on first use) to make <paramref name="call"/>; the <see cref="Result"/>
    /// comes back to <paramref name="context"/>'s actor.
    /// </summary>
    public static void Start(IActorContext context, ProviderRuntime runtime, string purpose, ProviderCall call,
        Func<OAuthHttpResponse, Result> read, CancellationToken cancellation) =>
        Pools.Get(context.System).For(runtime).Tell(new Fetch(purpose, call, read, cancellation), context.Self);

    /// <summary>The pools of one actor system, one per provider runtime.</summary>
    private sealed class Pools(ActorSystem system) : IExtension
    {
        private readonly ConcurrentDictionary<ProviderRuntime, IActorRef> _pools = new();
        private int _count;

        public static Pools Get(ActorSystem system) => system.WithExtension<Pools, PoolsId>();

        public IActorRef For(ProviderRuntime runtime) =>
            _pools.GetOrAdd(runtime, r => system.ActorOf(
                new RoundRobinPool(PoolSize).Props(Props.Create(() => new TokenFetcherActor(r))),
                $"token-fetch-{Interlocked.Increment(ref _count)}"));
    }

    private sealed class PoolsId : ExtensionIdProvider<Pools>
    {
        public override Pools CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
