namespace AuthActors.Bench.Variants;

/// <summary>One way of running a full login, measured under the same load as the others.</summary>
internal interface IVariant : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Starts whatever the variant hosts (a Kestrel app, an engine).</summary>
    Task StartAsync(DevProviderProcess provider, BenchOptions options);

    /// <summary>One full login: begin, the provider's approval, complete with the token exchange. Throws on failure.</summary>
    Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync();
}
