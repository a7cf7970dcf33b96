using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Vault;

/// <summary>
/// A grant was refreshed and its new token set written (authlib's <c>update_token</c>). Published on the event
/// stream of the node that made the refresh, and raised by <see cref="ITokenVault.TokenUpdated"/> there.
/// </summary>
/// <param name="Provider">The provider.</param>
/// <param name="Subject">The user's subject.</param>
/// <param name="GrantId">The grant's id.</param>
/// <param name="Token">The new token set, as written.</param>
/// <param name="RefreshCount">Refreshes since the login.</param>
/// <param name="At">When.</param>
public sealed record TokenUpdated(string Provider, string Subject, string GrantId, OAuthToken Token, int RefreshCount, DateTimeOffset At)
{
    /// <summary>Never the token.</summary>
    public override string ToString() => $"TokenUpdated {{ Provider = {Provider}, GrantId = {GrantId}, RefreshCount = {RefreshCount}, At = {At:O} }}";
}
