using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Vault.Internal;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Vault;

/// <summary>
/// A grant: the token set of one user at one provider, kept after the login for as long as the provider
/// honours it. One persistent entity per (provider, subject); on one node it lives under a
/// <see cref="LocalShard"/>, in a cluster it is a sharded entity. The messages it takes and gives are here.
/// </summary>
public static class TokenGrant
{
    /// <summary>A command for one grant; <see cref="GrantId"/> routes it.</summary>
    public interface ICommand : IAuthActorsMessage
    {
        /// <summary>The grant's id (<see cref="IdOf"/>).</summary>
        string GrantId { get; }
    }

    /// <summary>A reply from a grant.</summary>
    public interface IReply : IAuthActorsMessage;

    /// <summary>Stores a completed login's tokens, replacing the grant's earlier ones. Answered with <see cref="Info"/>.</summary>
    /// <param name="GrantId">The grant's id.</param>
    /// <param name="Provider">The provider.</param>
    /// <param name="Subject">The validated subject.</param>
    /// <param name="Issuer">Its issuer.</param>
    /// <param name="Token">The token set.</param>
    /// <param name="AttemptId">The login attempt the tokens come from: storing the same attempt's tokens again changes nothing.</param>
    public sealed record Store(string GrantId, string Provider, string Subject, string Issuer, OAuthToken Token, string AttemptId) : ICommand;

    /// <summary>
    /// Asks for the current token, refreshed first when it is within the leeway of its expiry. With
    /// <paramref name="RejectedFingerprint"/> (the <see cref="Fingerprint"/> of a token an API refused), the
    /// grant refreshes unless it already holds a newer token. Answered with <see cref="Issued"/> or <see cref="Refused"/>.
    /// </summary>
    public sealed record GetToken(string GrantId, string? RejectedFingerprint = null) : ICommand;

    /// <summary>Asks for the grant's state, without tokens. Answered with <see cref="Info"/>.</summary>
    public sealed record GetInfo(string GrantId) : ICommand;

    /// <summary>Revokes the grant at the provider (RFC 7009) where it can, and deletes it. Answered with <see cref="Deleted"/>.</summary>
    public sealed record Delete(string GrantId) : ICommand;

    /// <summary>The current token and the grant's state.</summary>
    public sealed record Issued(string GrantId, OAuthToken Token, Info Grant) : IReply;

    /// <summary>No token: why.</summary>
    public sealed record Refused(string GrantId, GrantFailureReason Reason, string? ProviderError, string Description) : IReply;

    /// <summary>The grant was deleted; whether the provider confirmed the revocation, and its error if it did not.</summary>
    public sealed record Deleted(string GrantId, bool RevokedAtProvider, string? ProviderError) : IReply;

    /// <summary>A grant's state, without tokens: what a profile page may show.</summary>
    /// <param name="GrantId">The grant's id.</param>
    /// <param name="Status">Active, or why not.</param>
    /// <param name="Provider">The provider, once stored.</param>
    /// <param name="ExpiresAt">When the access token expires, when known.</param>
    /// <param name="Scope">The granted scope, when known.</param>
    /// <param name="HasRefreshToken">Whether the grant can be refreshed.</param>
    /// <param name="RefreshCount">Refreshes since the login.</param>
    /// <param name="StoredAt">When the login stored it.</param>
    /// <param name="RefreshedAt">When it was last refreshed.</param>
    /// <param name="RefreshPending">Whether a refresh was sent and its outcome is not known yet.</param>
    public sealed record Info(
        string GrantId,
        GrantStatus Status,
        string? Provider,
        DateTimeOffset? ExpiresAt,
        string? Scope,
        bool HasRefreshToken,
        int RefreshCount,
        DateTimeOffset? StoredAt,
        DateTimeOffset? RefreshedAt,
        bool RefreshPending) : IReply;

    /// <summary>Sent to a grant to stop it (passivation, hand-off); a grant in the middle of a refresh stops after it.</summary>
    public sealed class Stop
    {
        /// <summary>The instance.</summary>
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }

    /// <summary>
    /// The grant id of <paramref name="subject"/> at <paramref name="provider"/>: the provider name, a dot and 32
    /// characters of the SHA-256 of both, so that neither the journal nor actor paths show the subject.
    /// </summary>
    public static string IdOf(string provider, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + subject));
        return provider + "." + Base64Url.Encode(hash)[..32];
    }

    /// <summary>The provider part of a grant id, or <c>null</c> when the id is malformed.</summary>
    public static string? ProviderOf(string grantId)
    {
        var dot = grantId.LastIndexOf('.');
        return dot > 0 && grantId.Length - dot - 1 == 32 ? grantId[..dot] : null;
    }

    /// <summary>The persistence id of a grant.</summary>
    public static string PersistenceId(string grantId) => "grant-" + grantId;

    /// <summary>A short, one-way fingerprint of a token's access value: what a rejected-token message carries instead of the token.</summary>
    public static string Fingerprint(OAuthToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var value = token switch
        {
            OAuth2Token t => t.AccessToken,
            OAuth1Token t => t.Token,
            _ => throw new ArgumentException("Unknown token type.", nameof(token)),
        };
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..22];
    }

    /// <summary>The props of the grant <paramref name="grantId"/>, given the runtimes of the providers on this node.</summary>
    /// <param name="runtimes">The providers' runtimes, by name.</param>
    /// <param name="grantId">The grant's id.</param>
    /// <param name="parent">Its parent's side of the passivation contract: a local shard's, or Cluster Sharding's.</param>
    public static Props Props(IReadOnlyDictionary<string, ProviderRuntime> runtimes, string grantId, IEntityParent parent) =>
        EntityProducer<GrantActor>.Props(() => new GrantActor(runtimes, grantId, parent));

    /// <summary>The props of the single-node router of every grant: a <see cref="LocalShard"/> routed by grant id.</summary>
    public static Props LocalShardProps(IReadOnlyDictionary<string, ProviderRuntime> runtimes) =>
        LocalShard.Props(
            id => Props(runtimes, id, LocalShard.Parent),
            m => (m as ICommand)?.GrantId,
            Uri.EscapeDataString,
            m => m is ICommand command ? new Refused(command.GrantId, GrantFailureReason.JournalUnavailable, null, "The grant could not be recovered from the journal.") : null,
            runtimes.Values.FirstOrDefault()?.Settings.Vault.ActiveLimit ?? 0);
}

/// <summary>A grant's state.</summary>
public enum GrantStatus
{
    /// <summary>No grant is stored.</summary>
    None,

    /// <summary>The grant holds a usable token set.</summary>
    Active,

    /// <summary>The provider refused the refresh token: the user must log in again.</summary>
    ReauthenticationRequired,

    /// <summary>A refresh's outcome was lost and the refresh token is spent: the user must log in again.</summary>
    RefreshOutcomeLost,
}
