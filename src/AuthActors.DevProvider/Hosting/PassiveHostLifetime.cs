namespace AuthActors.DevProvider.Hosting;

/// <summary>
/// A host lifetime that listens to no console signals: a provider started inside a test run or another
/// process stops when its owner says so, not on that process's Ctrl+C. (Program handles signals itself.)
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
