using Akka.Actor;
using AuthActors.Engine.Entities;
using AuthActors.Engine.Entities.Internal;
using AuthActors.Engine.Attempts.Internal;
using AuthActors.Engine.Providers;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Attempts;

/// <summary>
/// The protocol of one authorization attempt: a persistent actor (persistence id
/// <c>attempt-{provider}-{id}</c>) that owns the attempt's state machine. Frontends reach it through
/// <c>IAuthFlows</c>; these messages are what crosses the actor boundary.
/// </summary>
public static class AuthorizationAttempt
{
    /// <summary>A command for one attempt; carries what a router or shard extractor needs.</summary>
    public interface ICommand : IAuthActorsMessage
    {
        /// <summary>The provider name.</summary>
        string Provider { get; }

        /// <summary>The attempt id (the entity id).</summary>
        string AttemptId { get; }
    }

    /// <summary>A reply of an attempt.</summary>
    public interface IReply : IAuthActorsMessage
    {
        /// <summary>The attempt id.</summary>
        string AttemptId { get; }
    }

    /// <summary>Begin a login: answered with <see cref="Begun"/> or <see cref="Failed"/>.</summary>
    /// <param name="Provider">The provider name.</param>
    /// <param name="AttemptId">A fresh id of at least 128 random bits (the OAuth 2 <c>state</c>).</param>
    /// <param name="RedirectUri">The callback URL (for OAuth 1 it already carries the attempt id).</param>
    /// <param name="BindingHash">SHA-256 (base64url) of the browser-binding secret.</param>
    /// <param name="ExtraParameters">Per-login authorization parameters (for example <c>prompt</c>, <c>login_hint</c>).</param>
    public sealed record Begin(string Provider, string AttemptId, string RedirectUri, string BindingHash,
        IReadOnlyList<KeyValuePair<string, string>> ExtraParameters) : ICommand
    {
        /// <summary>The W3C <c>traceparent</c> of the begin's span, if traced: kept with the attempt.</summary>
        public string? TraceParent { get; init; }

        /// <summary>
        /// True when the sender has just drawn <see cref="AttemptId"/> at random, so no attempt of that id can have been
        /// written: a local shard then starts the attempt without asking the journal (its recovery is complete at once). Never sent
        /// over the wire: on another node the attempt recovers as usual.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public bool IsNew { get; init; }
    }

    /// <summary>Complete a login with its callback: answered with <see cref="Completed"/> or <see cref="Failed"/>.</summary>
    /// <param name="Provider">The provider name.</param>
    /// <param name="AttemptId">The attempt id (OAuth 2: the callback's state).</param>
    /// <param name="CallbackParameters">The callback's query or form parameters.</param>
    /// <param name="BindingHash">SHA-256 (base64url) of the binding secret the browser presented.</param>
    public sealed record Complete(string Provider, string AttemptId, IReadOnlyList<KeyValuePair<string, string>> CallbackParameters, string BindingHash) : ICommand
    {
        /// <summary>The W3C <c>traceparent</c> of the caller's span (the callback request), if traced: the parent of the callback's span.</summary>
        public string? TraceParent { get; init; }
    }

    /// <summary>Ask for the attempt's phase: answered with <see cref="Status"/>.</summary>
    /// <param name="Provider">The provider name.</param>
    /// <param name="AttemptId">The attempt id.</param>
    public sealed record GetStatus(string Provider, string AttemptId) : ICommand;

    /// <summary>The login began: redirect the browser to <paramref name="AuthorizeUrl"/>.</summary>
    /// <param name="AttemptId">The attempt id.</param>
    /// <param name="AuthorizeUrl">The provider's authorization URL.</param>
    /// <param name="State">The OAuth 2 state; <c>null</c> for OAuth 1.</param>
    public sealed record Begun(string AttemptId, string AuthorizeUrl, string? State) : IReply;

    /// <summary>The login completed with a token and a validated identity.</summary>
    /// <param name="AttemptId">The attempt id.</param>
    /// <param name="Token">The token.</param>
    public sealed record Completed(string AttemptId, OAuthToken Token) : IReply
    {
        /// <summary>Who signed in (persisted, sealed, with the outcome: duplicates get the same identity).</summary>
        public LoginIdentity? Identity { get; init; }

        /// <summary>The provider's user info (a JSON object), when it was fetched.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? UserInfo => Identity?.UserInfo;
    }

    /// <summary>The begin or the callback failed.</summary>
    /// <param name="AttemptId">The attempt id.</param>
    /// <param name="Reason">Why.</param>
    /// <param name="ProviderError">The provider's error code, if any.</param>
    /// <param name="Description">A description without secrets.</param>
    public sealed record Failed(string AttemptId, FailureReason Reason, string? ProviderError = null, string? Description = null) : IReply;

    /// <summary>The phase of an attempt.</summary>
    /// <param name="AttemptId">The attempt id.</param>
    /// <param name="Provider">The provider name.</param>
    /// <param name="Phase">The phase.</param>
    /// <param name="Deadline">When it expires, if begun.</param>
    /// <param name="Failure">Why it failed, if it did.</param>
    public sealed record Status(string AttemptId, string Provider, AttemptPhase Phase, DateTimeOffset? Deadline, FailureReason? Failure) : IReply;

    /// <summary>
    /// What log lines and actor names use instead of the attempt id, which is the OAuth 2 <c>state</c>: the
    /// first 12 characters of its SHA-256 (base64url), enough to correlate lines, useless to forge a callback.
    /// </summary>
    public static string LogReference(string attemptId) => ActorName(attemptId)[..12];

    /// <summary>The name of an attempt's actor under its supervisor: the SHA-256 (base64url) of its id.</summary>
    public static string ActorName(string attemptId) =>
        Protocol.Infrastructure.Base64Url.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(attemptId)));

    /// <summary>The persistence id of an attempt.</summary>
    public static string PersistenceId(string provider, string attemptId) => $"attempt-{provider}-{attemptId}";

    /// <summary>
    /// True when <paramref name="attemptId"/> has the shape of an id this engine issues (43 base64url
    /// characters, 256 bits). Anything else is refused before an actor is created for it.
    /// </summary>
    public static bool IsWellFormedId(string? attemptId) =>
        attemptId is { Length: 43 } && attemptId.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

    /// <summary>The props of an attempt actor for <paramref name="runtime"/>'s provider.</summary>
    /// <param name="runtime">The provider's runtime (definition, call pipeline, clock, settings).</param>
    /// <param name="attemptId">The attempt id.</param>
    /// <param name="parent">Its parent's side of the passivation contract: a local shard's, or Cluster Sharding's.</param>
    /// <param name="isNew">
    /// True only when the attempt is known to have nothing in the journal (its begin has just drawn the id): its
    /// recovery is then complete at once, without asking the journal.
    /// </param>
    public static Props Props(ProviderRuntime runtime, string attemptId, IEntityParent parent, bool isNew = false) =>
        EntityProducer<AuthorizationAttemptActor>.Props(() => new AuthorizationAttemptActor(runtime, attemptId, parent, isNew));

    /// <summary>What an attempt's parent sends it to stop it, once it asked to passivate (also sharding's hand-off stop message).</summary>
    public sealed class Stop
    {
        /// <summary>The instance.</summary>
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }
}
