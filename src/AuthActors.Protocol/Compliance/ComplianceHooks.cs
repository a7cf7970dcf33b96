using System.Collections.Immutable;
using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Compliance;

/// <summary>A hook over an outgoing request (<c>*_request</c> and <c>protected_request</c>): returns the request to send.</summary>
public delegate OAuthHttpRequest RequestHook(OAuthHttpRequest request);

/// <summary>A hook over a received response (<c>*_response</c>): returns the response to parse.</summary>
public delegate OAuthHttpResponse ResponseHook(OAuthHttpResponse response);

/// <summary>
/// The seed's <c>compliance_fix</c>: a function that receives the hook registry (authlib's session) and
/// registers the hooks a non-standard provider needs.
/// </summary>
public delegate void ComplianceFix(ComplianceHooks session);

/// <summary>
/// The compliance hook registry of one client (authlib's <c>OAuth2Session.register_compliance_hook</c>).
/// Hooks run in registration order. Registration is thread-safe and reads see an immutable snapshot, so a
/// registry can be shared by concurrent token fetches.
/// </summary>
public sealed class ComplianceHooks
{
    private ImmutableDictionary<ComplianceHookPoint, ImmutableArray<Delegate>> _hooks =
        ImmutableDictionary<ComplianceHookPoint, ImmutableArray<Delegate>>.Empty;

    /// <summary>A registry with the hooks of <paramref name="fixes"/> registered, in order.</summary>
    public static ComplianceHooks From(params ComplianceFix?[] fixes)
    {
        var hooks = new ComplianceHooks();
        foreach (var fix in fixes)
        {
            fix?.Invoke(hooks);
        }

        return hooks;
    }

    /// <summary>
    /// Registers a request hook under its seed name (<c>access_token_request</c>, <c>refresh_token_request</c>,
    /// <c>revoke_token_request</c>, <c>introspect_token_request</c> or <c>protected_request</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or names a response hook.</exception>
    /// <example><c>session.RegisterComplianceHook("protected_request", r =&gt; r.WithHeader("Accept", "application/json"));</c></example>
    public ComplianceHooks RegisterComplianceHook(string name, RequestHook hook)
    {
        var point = ComplianceHookNames.Parse(name);
        if (ComplianceHookNames.IsResponsePoint(point))
        {
            throw new ArgumentException($"'{name}' is a response hook: register a ResponseHook.", nameof(hook));
        }

        return Add(point, hook);
    }

    /// <summary>Registers a response hook (<c>access_token_response</c> or <c>refresh_token_response</c>).</summary>
    /// <exception cref="ArgumentException">The name is unknown or names a request hook.</exception>
    public ComplianceHooks RegisterComplianceHook(string name, ResponseHook hook)
    {
        var point = ComplianceHookNames.Parse(name);
        if (!ComplianceHookNames.IsResponsePoint(point))
        {
            throw new ArgumentException($"'{name}' is a request hook: register a RequestHook.", nameof(hook));
        }

        return Add(point, hook);
    }

    /// <summary>How many hooks are registered at <paramref name="point"/>.</summary>
    public int Count(ComplianceHookPoint point) => _hooks.TryGetValue(point, out var list) ? list.Length : 0;

    /// <summary>Runs the request hooks of <paramref name="point"/> over <paramref name="request"/>, in order.</summary>
    public OAuthHttpRequest Apply(ComplianceHookPoint point, OAuthHttpRequest request)
    {
        if (_hooks.TryGetValue(point, out var list))
        {
            foreach (var hook in list)
            {
                request = ((RequestHook)hook)(request);
            }
        }

        return request;
    }

    /// <summary>Runs the response hooks of <paramref name="point"/> over <paramref name="response"/>, in order.</summary>
    public OAuthHttpResponse Apply(ComplianceHookPoint point, OAuthHttpResponse response)
    {
        if (_hooks.TryGetValue(point, out var list))
        {
            foreach (var hook in list)
            {
                response = ((ResponseHook)hook)(response);
            }
        }

        return response;
    }

    private ComplianceHooks Add(ComplianceHookPoint point, Delegate hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ImmutableInterlocked.AddOrUpdate(ref _hooks, point, [hook], (_, list) => list.Add(hook));
        return this;
    }
}
