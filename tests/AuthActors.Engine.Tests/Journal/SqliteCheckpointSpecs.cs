using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using AuthActors.Engine.Tests.Support;
using AuthActors.Hosting.Options;
using AuthActors.Hosting.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Journal;

/// <summary>
/// Where the SQLite journal's WAL is copied into the database file: by default a checkpointer beside the writer does it
/// (<c>checkpoint-interval</c>), the writer's own checkpoint only bounds the WAL (<c>wal-backstop-pages</c>), and
/// <c>checkpoint-interval = off</c> leaves it all to SQLite, from the writer. Observed from the files, as an operator
/// would: the database file grows only when a checkpoint copies pages into it.
/// </summary>
public sealed class SqliteCheckpointSpecs : IDisposable
{
    private const int Events = 300;
    // 1,000 characters per event: 300 of them are about 75 pages of 4 KiB, far below SQLite's own 1,000-page checkpoint.
    private const int EventBytes = Events * 1_000;
    private static readonly string Payload = new('x', 1_000);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authactors-checkpoint-" + Guid.NewGuid().ToString("N"));
    private readonly string _database;
    private readonly List<ActorSystem> _systems = [];

    public SqliteCheckpointSpecs()
    {
        Directory.CreateDirectory(_directory);
        _database = Path.Combine(_directory, "journal.db");
    }

    [Fact]
    public async Task By_default_the_checkpointer_copies_commits_into_the_database_file_without_waiting_for_1000_pages()
    {
        var journal = Start(string.Empty);
        await WriteAsync(journal, "p-1", Events);

        await Poll.UntilAsync(() => DatabaseFileBytes >= EventBytes, "The condition did not hold in time.", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        await ExpectReplayAsync(journal, "p-1", Events);
    }

    [Fact]
    public async Task Off_leaves_the_checkpoint_to_SQLite_which_copies_nothing_before_1000_pages()
    {
        var journal = Start("checkpoint-interval = off");
        await WriteAsync(journal, "p-1", Events);

        // Ten of the default intervals: the checkpointer would have run by now.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(DatabaseFileBytes < EventBytes / 2, $"The database file holds {DatabaseFileBytes} bytes; with checkpoints left to SQLite it gets none of the events yet.");
        Assert.True(WalFileBytes >= EventBytes, "The events are in the WAL.");
        await ExpectReplayAsync(journal, "p-1", Events);
    }

    [Fact]
    public async Task The_writers_backstop_bounds_the_WAL_when_the_checkpointer_does_not_keep_it_small()
    {
        // A checkpointer that never gets to run, as under a load that never pauses, where it never finds the WAL fully
        // copied: the writer's own checkpoint, every 40 pages here, lets the WAL start over.
        var journal = Start("checkpoint-interval = 1h\nwal-backstop-pages = 40");
        for (var i = 0; i < 10; i++)
        {
            await WriteAsync(journal, $"p-{i}", Events);
        }

        // Ten times 75 pages went through the WAL; it holds at most the backstop plus the commit that crossed it.
        Assert.True(WalFileBytes < 200 * 4_120, $"The WAL is {WalFileBytes} bytes.");
        Assert.True(DatabaseFileBytes >= 9 * EventBytes, "The writer's checkpoints copied the events into the database file.");
        await ExpectReplayAsync(journal, "p-9", Events);
    }

    // A journal whose writer cannot start (here a database opened read-only, where its schema cannot be written) fails,
    // and leaves no connection open: once the idle pooled ones are cleared, no descriptor of this process names the file.
    [Fact]
    public async Task A_journal_that_cannot_start_its_writer_leaves_no_connection_to_the_file()
    {
        var journal = Start(string.Empty, connectionOptions: ";Mode=ReadOnly");
        var watcher = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _systems[^1].ActorOf(Props.Create(() => new Watcher(journal, watcher)));

        await watcher.Task.WaitAsync(TimeSpan.FromSeconds(10));
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, OpenDescriptorsOf(_database));
    }

    private static int OpenDescriptorsOf(string file) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget == file;
            }
            catch (IOException)
            {
                return false; // closed while listed
            }
        });

    public void Dispose()
    {
        foreach (var system in _systems)
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private long DatabaseFileBytes => new FileInfo(_database).Length;

    private long WalFileBytes => File.Exists(_database + "-wal") ? new FileInfo(_database + "-wal").Length : 0;

    // The journal on the spec's file, prepared as the engine prepares it; connectionOptions are added to what the journal opens.
    private IActorRef Start(string journalSettings, string connectionOptions = "")
    {
        var connectionString = $"Data Source={_database}";
        JournalSetup.PrepareSqlite(connectionString);
        var config = ConfigurationFactory.ParseString($"akka.persistence.journal.sql {{\n{journalSettings}\n}}")
            .WithFallback(JournalSetup.Hocon(JournalSetup.Sqlite, connectionString + connectionOptions, new PersistenceOptions()));
        var system = ActorSystem.Create("checkpoint", config);
        _systems.Add(system);
        return Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
    }

    // One write of each event, as many persistent actors at once would make: the writer groups them.
    private async Task WriteAsync(IActorRef journal, string persistenceId, int count)
    {
        var writes = Enumerable.Range(1, count)
            .Select(seq => new AtomicWrite(new Persistent(Payload, seq, persistenceId, string.Empty, false, ActorRefs.NoSender, "writer")))
            .ToArray();
        var answers = await Collect(journal, new Func<IActorRef, object>(self => new WriteMessages(writes, self, 1)), count + 1);
        Assert.IsType<WriteMessagesSuccessful>(answers[0]);
        Assert.All(answers.Skip(1), a => Assert.IsType<WriteMessageSuccess>(a));
    }

    private async Task ExpectReplayAsync(IActorRef journal, string persistenceId, int count)
    {
        var answers = await Collect(journal, self => new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, self), count + 1);
        Assert.All(answers.Take(count), a => Assert.Equal(Payload, Assert.IsType<ReplayedMessage>(a).Persistent.Payload));
        Assert.Equal(count, Assert.IsType<RecoverySuccess>(answers[count]).HighestSequenceNr);
    }

    private async Task<List<object>> Collect(IActorRef journal, Func<IActorRef, object> request, int count)
    {
        var answers = new List<object>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = _systems[^1].ActorOf(Props.Create(() => new Collector(count, answers, done)));
        journal.Tell(request(collector), collector);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return answers;
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef watched, TaskCompletionSource terminated)
        {
            Context.Watch(watched);
            Receive<Terminated>(_ => terminated.TrySetResult());
        }
    }

    private sealed class Collector : ReceiveActor
    {
        // The answers are read once all have come (the completion orders the list's writes before the reads).
        public Collector(int count, List<object> answers, TaskCompletionSource done)
        {
            ReceiveAny(message =>
            {
                answers.Add(message);
                if (answers.Count == count)
                {
                    done.TrySetResult();
                }
            });
        }
    }
}
