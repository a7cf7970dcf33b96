using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;

namespace AuthActors.Engine.TokenFetch.Internal;

/// <summary>One fetcher of a provider's pool: starts each call it is sent and pipes the result to the asker.</summary>
internal sealed class TokenFetcherActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ProviderRuntime _runtime;

    public TokenFetcherActor(ProviderRuntime runtime)
    {
        _runtime = runtime;
        Receive<TokenFetcher.Fetch>(fetch => FetchAsync(fetch).PipeTo(Sender));
    }

    private async Task<TokenFetcher.Result> FetchAsync(TokenFetcher.Fetch fetch)
    {
        var call = fetch.Call;
        var result = await CallAsync(fetch).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            // The error carries a kind, a code and a description; none holds a secret.
            _log.Warning("Call {0} to {1} failed: {2}", call.Kind, _runtime.Name, error);
        }

        return result;
    }

    private async Task<TokenFetcher.Result> CallAsync(TokenFetcher.Fetch fetch)
    {
        var (purpose, call, read, cancellation) = fetch;
        // Token requests take a slot, so a flood of callbacks cannot open unbounded connections to the provider;
        // a waiting exchange keeps its code, which stays valid while it waits.
        var slots = call.Kind == ProviderCallKind.AccessToken ? _runtime.ExchangeSlots : null;
        var holding = false;
        try
        {
            if (slots is not null)
            {
                await slots.WaitAsync(cancellation).ConfigureAwait(false);
                holding = true;
            }

            var started = Stopwatch.GetTimestamp();
            OAuthHttpResponse response;
            try
            {
                response = await _runtime.Pipeline.SendAsync(call, cancellation).ConfigureAwait(false);
            }
            finally
            {
                AuthActorsTelemetry.RecordProviderCall(_runtime.Name, AuthActorsTelemetry.Calls.Of(call.Kind), started);
            }

            return read(response) with { Purpose = purpose };
        }
        catch (OperationCanceledException)
        {
            return TokenFetcher.Result.Of(purpose, null, new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, "The call was cancelled."));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A behavior or hook threw: a bug, but the asker must still get an answer.
            _log.Error(ex, "A behavior or compliance hook of {0} threw during {1}", _runtime.Name, call.Kind);
            return TokenFetcher.Result.Of(purpose, null, new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse,
                $"A compliance hook or behavior failed: {ex.GetType().Name}."));
        }
        finally
        {
            if (holding)
            {
                slots!.Release();
            }
        }
    }
}
