namespace AuthActors.DevProvider.Http;

/// <summary>Decides whether a rate fires: 0 never, 1 always, otherwise a (seedable) pseudo-random draw.</summary>
internal sealed class FaultDice(int? seed)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly Lock _lock = new();

    public bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        lock (_lock)
        {
            return _random.NextDouble() < rate;
        }
    }
}
