using Akka.Event;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuthActors.Hosting.Persistence;

/// <summary>
/// Checkpoints the SQLite journal's WAL into the database file on a connection and a thread of its own, so that the
/// writer never waits for it.
/// </summary>
/// <remarks>
/// <para>By default SQLite checkpoints from the connection that commits, once the WAL holds 1,000 pages: the writer then
/// copies those pages and waits for two <c>fsync</c>s before it takes the next group, and every login queued behind
/// it waits as well. Here the writer's own checkpoint only bounds the WAL (<c>wal-backstop-pages</c>, <see cref="DefaultWriterBackstopPages"/> by default), and this
/// thread runs a <c>PASSIVE</c> checkpoint every interval in which something was committed. A passive checkpoint takes no
/// lock the writer needs; it copies what was committed when it began.</para>
/// <para>Checkpoints do not make anything durable: a commit is in the WAL before it is answered. A failed checkpoint
/// is logged and tried again at the next interval; the WAL grows meanwhile, up to the writer's backstop.</para>
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>
    /// The default of the writer's own automatic checkpoint, which stays as a backstop: under a load that never pauses,
    /// a checkpoint beside the writer never finds the WAL fully copied, and only a fully copied WAL starts again from its
    /// beginning. The writer's checkpoint then copies the little that is left and lets the WAL start over.
    /// </summary>
    public const int DefaultWriterBackstopPages = 10_000;

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly ILoggingAdapter _log;
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Thread _thread;
    private int _committed;

    public SqliteCheckpointer(SqliteConnection connection, TimeSpan interval, ILoggingAdapter log)
    {
        _connection = connection;
        _interval = interval;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "authactors-sqlite-checkpoint" };
    }

    public void Start() => _thread.Start();

    /// <summary>The writer committed: the next interval checkpoints.</summary>
    public void Committed() => Volatile.Write(ref _committed, 1);

    private void Run()
    {
        while (!_stopping.Wait(_interval))
        {
            if (Interlocked.Exchange(ref _committed, 0) == 1)
            {
                Checkpoint();
            }
        }
    }

    // One passive checkpoint. Busy means another connection's checkpoint is running (the writer's backstop, the
    // purge's): the next interval's follows it.
    private void Checkpoint()
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY))
        {
            _log.Warning("The SQLite journal's checkpoint failed ({0}); the WAL keeps the commits and grows until one succeeds", raw.sqlite3_errstr(rc).utf8_to_string());
        }
    }

    /// <summary>Stops the thread after the checkpoint in progress, if any, and closes the connection.</summary>
    public void Dispose()
    {
        _stopping.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _connection.Dispose();
        _stopping.Dispose();
    }
}
