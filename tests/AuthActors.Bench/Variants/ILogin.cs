namespace AuthActors.Bench.Variants;

/// <summary>One way of running a full login from the load process, measured under the same load as the others.</summary>
internal interface ILogin
{
    /// <summary>One full login: begin, the provider's approval, complete with the token exchange. Throws on failure.</summary>
    Task<(TimeSpan Begin, TimeSpan Complete)> LoginAsync();
}
