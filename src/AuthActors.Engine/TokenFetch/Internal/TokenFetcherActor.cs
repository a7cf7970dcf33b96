using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;

namespace AuthActors.Engine.TokenFetch.Internal;

internal sealed class TokenFetcherActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cts = new();
    private readonly ProviderRuntime _runtime;
    private readonly string _purpose;
    private readonly ProviderCall _call;
    private readonly Func<OAuthHttpResponse, TokenFetcher.Result> _read;

    public TokenFetcherActor(ProviderRuntime runtime, string purpose, ProviderCall call, Func<OAuthHttpResponse, TokenFetcher.Result> read)
    {
        _runtime = runtime;
        _purpose = purpose;
        _call = call;
        _read = read;
        Receive<TokenFetcher.Result>(result =>
        {
            if (result.Error is { } error)
            {
                // The error carries a kind, a code and a description; none holds a secret.
                _log.Warning("Call {0} to {1} failed: {2}", _call.Kind, _runtime.Name, error);
            }

            Context.Parent.Tell(result);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => FetchAsync().PipeTo(Self);

    protected override void PostStop() => _cts.Cancel();

    private async Task<TokenFetcher.Result> FetchAsync()
    {
        // Token requests take a slot, so a flood of callbacks cannot open unbounded connections to the provider;
        // a waiting exchange keeps its code, which stays valid while it waits.
        var slots = _call.Kind == ProviderCallKind.AccessToken ? _runtime.ExchangeSlots : null;
        var holding = false;
        try
        {
            if (slots is not null)
            {
                await slots.WaitAsync(_cts.Token).ConfigureAwait(false);
                holding = true;
            }

            var started = Stopwatch.GetTimestamp();
            OAuthHttpResponse response;
            try
            {
                response = await _runtime.Pipeline.SendAsync(_call, _cts.Token).ConfigureAwait(false);
            }
            finally
            {
                AuthActorsTelemetry.RecordProviderCall(_runtime.Name, AuthActorsTelemetry.Calls.Of(_call.Kind), started);
            }

            return _read(response) with { Purpose = _purpose };
        }
        catch (OperationCanceledException)
        {
            return TokenFetcher.Result.Of(_purpose, null, new OAuthError(ErrorKind.Transport, OAuthErrorCodes.TransportFailure, "The call was cancelled."));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A behavior or hook threw: a bug, but the attempt must still get an answer.
            _log.Error(ex, "A behavior or compliance hook of {0} threw during {1}", _runtime.Name, _call.Kind);
            return TokenFetcher.Result.Of(_purpose, null, new OAuthError(ErrorKind.InvalidResponse, OAuthErrorCodes.InvalidResponse,
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
