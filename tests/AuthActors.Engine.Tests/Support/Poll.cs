namespace AuthActors.Engine.Tests.Support;

/// <summary>Waits for what an actor system does in its own time, and fails the test when it does not happen in time.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every <paramref name="every"/> (50 ms) until it holds; fails with <paramref name="failure"/> after <paramref name="within"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string failure, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(50));
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, string failure, TimeSpan within, TimeSpan? every = null) =>
        UntilAsync(() => Task.FromResult(condition()), failure, within, every);
}
