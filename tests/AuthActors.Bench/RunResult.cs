namespace AuthActors.Bench;

/// <summary>
/// One repetition of one variant at one concurrency: what the load process saw, and the CPU per login of each
/// process over the measured window (from <c>/proc</c>), the app's allocations per login and its peak RSS.
/// </summary>
/// <param name="AppCpuMicros">The app process's CPU per login; for a bare variant, the load process's (it holds the client).</param>
/// <param name="DatabaseCpuMicros">The PostgreSQL server's CPU per login (postmaster and backends), NaN without one.</param>
/// <param name="AppAllocatedBytes">The app's allocations per login, NaN for a bare variant.</param>
/// <param name="AppWorkItems">
/// The thread-pool work items the app completed per login, NaN for a bare variant: every hop of a login from one
/// thread to another (a request's continuation, an actor's turn, a task's continuation) is one.
/// </param>
/// <param name="ProviderRequests">Requests the DevProvider served per login (the browser's authorize plus the app's calls).</param>
/// <param name="BusyCores">The whole machine's busy cores over the window (everything running on it, not only this run).</param>
/// <param name="WarmupSeconds">How long the warm-up took until the JIT was quiet.</param>
internal sealed record RunResult(
    string Variant,
    int Concurrency,
    int Repetition,
    LoadResult Load,
    double AppCpuMicros,
    double ProviderCpuMicros,
    double LoadCpuMicros,
    double DatabaseCpuMicros,
    double AppAllocatedBytes,
    double AppWorkItems,
    long AppPeakRssBytes,
    double ProviderRequests,
    double BusyCores,
    double WarmupSeconds)
{
    public double LoginsPerSecond => Load.Logins / Load.Seconds;
}
