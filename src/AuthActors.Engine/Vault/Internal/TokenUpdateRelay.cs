using Akka.Actor;
using Akka.Event;

namespace AuthActors.Engine.Vault.Internal;

/// <summary>Raises <see cref="TokenVault.TokenUpdated"/> for the refreshes made on this node; a throwing handler is logged, not fatal.</summary>
internal sealed class TokenUpdateRelay : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public TokenUpdateRelay(TokenVault vault)
    {
        Receive<TokenUpdated>(update =>
        {
            try
            {
                vault.Raise(update);
            }
            catch (Exception ex)
            {
                _log.Error(ex, "A TokenUpdated handler threw for grant {0}", update.GrantId);
            }
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(TokenUpdated));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
