using AuthActors.Engine.Providers;
using AuthActors.Hosting.Options;
using AuthActors.Protocol.Providers;

namespace AuthActors.Hosting.Composition;

/// <summary>
/// The provider definitions of the host, built once from the options (the validator's pass builds them; the
/// engine reuses them) plus the ones registered in code, and, once the engine runs, their runtimes. Everything in
/// Hosting reads the options through <c>IOptionsMonitor.CurrentValue</c>, the one instance that
/// <c>ValidateOnStart</c> validated, so the definitions are built for that instance only.
/// </summary>
internal sealed class ProviderCatalog(AuthActorsBuilder builder)
{
    private readonly Lock _gate = new();
    private AuthActorsOptions? _builtFor;
    private (IReadOnlyList<ProviderDefinition> Definitions, IReadOnlyList<string> Errors) _built;

    /// <summary>The runtimes of this node's providers (none on a frontend, or before the engine started).</summary>
    public IReadOnlyList<ProviderRuntime> Runtimes { get; set; } = [];

    /// <summary>The definitions of <paramref name="options"/>, and the problems that kept any from being built.</summary>
    public (IReadOnlyList<ProviderDefinition> Definitions, IReadOnlyList<string> Errors) Build(AuthActorsOptions options)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(options, _builtFor))
            {
                _built = BuildCore(options);
                _builtFor = options;
            }

            return _built;
        }
    }

    private (IReadOnlyList<ProviderDefinition>, IReadOnlyList<string>) BuildCore(AuthActorsOptions options)
    {
        var errors = new List<string>();
        var result = new List<ProviderDefinition>();
        foreach (var (name, provider) in options.Providers)
        {
            if (ProviderDefinitionFactory.Build(name, provider, options.Urls, errors, requireSecrets: !options.Cluster.IsFrontend,
                    allowInsecureHttp: options.AllowInsecureHttp) is { } definition)
            {
                result.Add(definition);
            }
        }

        result.AddRange(builder.CodeProviders);
        foreach (var duplicate in result.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"Provider '{duplicate.Key}' is defined more than once.");
        }

        return (result, errors);
    }
}
