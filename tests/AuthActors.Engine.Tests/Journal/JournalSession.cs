using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// One of the journals the engine configures, on a fresh file, spoken to as a persistent actor speaks to it: a probe
/// for the answers, the journal's ref. The directory goes when the session does.
/// </summary>
internal sealed class JournalSession : IAsyncDisposable
{
    private readonly string _directory;

    private JournalSession(string journal, string name)
    {
        _directory = Directory.CreateTempSubdirectory("authactors-journal-").FullName;
        System = ActorSystem.Create(name, ConfigOf(journal, Path.Combine(_directory, "journal.db")));
        Probe = new TestProbe(System, new Akka.TestKit.Xunit2.XunitAssertions());
        Journal = Akka.Persistence.Persistence.Instance.Apply(System).JournalFor(null);
    }

    /// <summary>The journals a spec runs against: AuthActors' SQLite journal, Akka.Persistence.Sql's, Akka's in-memory one.</summary>
    public static TheoryData<string> Journals => ["sqlite", "akka-persistence-sql", "in-memory"];

    public ActorSystem System { get; }

    public TestProbe Probe { get; }

    public IActorRef Journal { get; }

    public static JournalSession Start(string journal, string name) => new(journal, name);

    /// <summary>Replays <paramref name="persistenceId"/> from the start and expects exactly <paramref name="payloads"/>, then the highest sequence number.</summary>
    public void ExpectReplay(string persistenceId, object[] payloads, long highest)
    {
        Journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, Probe.Ref));
        Assert.Equal(payloads, Probe.ReceiveN(payloads.Length, TimeSpan.FromSeconds(10)).Select(m => ((ReplayedMessage)m).Persistent.Payload));
        Assert.Equal(highest, Probe.ExpectMsg<RecoverySuccess>(TimeSpan.FromSeconds(10)).HighestSequenceNr);
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        System.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    internal static Config ConfigOf(string journal, string database)
    {
        var connectionString = $"Data Source={database}";
        return journal switch
        {
            "in-memory" => JournalSetup.Hocon(null, string.Empty),
            _ => Prepared(connectionString, JournalSetup.Hocon(JournalSetup.Sqlite, connectionString,
                new PersistenceOptions { SqliteJournal = journal == "sqlite" ? "AuthActors" : "AkkaPersistenceSql" })),
        };
    }

    private static Config Prepared(string connectionString, Config config)
    {
        JournalSetup.PrepareSqlite(connectionString);
        return config;
    }
}
