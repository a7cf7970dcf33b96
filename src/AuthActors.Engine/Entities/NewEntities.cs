using System.Collections.Concurrent;
using Akka.Actor;

namespace AuthActors.Engine.Entities;

/// <summary>
/// The persistence ids of the entities starting on this node that are known to have nothing in the journal: an
/// attempt whose id its begin has just drawn at random. Such an entity marks itself before its recovery starts and
/// unmarks itself when the recovery ends; while it is marked, a journal may answer its highest sequence number (0)
/// without a read, once. AuthActors' journals (SQLite, Akka.Persistence.Sql, in memory) do; any other journal reads as
/// usual, which is always correct.
/// </summary>
/// <remarks>
/// Why it is safe: only the entity's own incarnation writes its events, and it writes none before its recovery has
/// ended, so while the mark stands the journal holds nothing of that id. The mark is taken on the node that runs the
/// entity (a <see cref="LocalShard"/> starting it for a message that says so), never where the id was drawn, so a
/// mark cannot outlive its entity on another node. With Cluster Sharding, which starts entities from their id alone,
/// no entity is marked.
/// </remarks>
public sealed class NewEntities : IExtension
{
    private readonly ConcurrentDictionary<string, byte> _marked = new(StringComparer.Ordinal);

    private NewEntities()
    {
    }

    /// <summary>The registry of <paramref name="system"/>.</summary>
    public static NewEntities For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<NewEntities, Id>();
    }

    /// <summary>How many entities are marked now (each is in its recovery).</summary>
    internal int Count => _marked.Count;

    /// <summary>
    /// For a journal: true (and the mark is taken away) when <paramref name="persistenceId"/> is marked new, so its
    /// highest sequence number is 0 without a read.
    /// </summary>
    public bool TryTake(string persistenceId) => !_marked.IsEmpty && _marked.TryRemove(persistenceId, out _);

    internal void Mark(string persistenceId) => _marked[persistenceId] = 0;

    internal void Unmark(string persistenceId) => _marked.TryRemove(persistenceId, out _);

    private sealed class Id : ExtensionIdProvider<NewEntities>
    {
        public override NewEntities CreateExtension(ExtendedActorSystem system) => new();
    }
}
