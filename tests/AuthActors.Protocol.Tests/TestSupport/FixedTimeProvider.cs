namespace AuthActors.Protocol.Tests.TestSupport;

/// <summary>A clock that always answers the same instant (and can be moved by hand).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    /// <summary>2024-05-01T12:00:00Z, the instant most tests use.</summary>
    public static readonly DateTimeOffset Default = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public FixedTimeProvider()
        : this(Default)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
