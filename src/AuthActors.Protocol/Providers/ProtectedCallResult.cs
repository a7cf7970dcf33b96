using AuthActors.Protocol.Http;
using AuthActors.Protocol.Pipeline;

namespace AuthActors.Protocol.Providers;

/// <summary>A protected resource call ready for the pipeline, or why the token cannot make one (nothing is sent then).</summary>
public sealed record ProtectedCallResult : ProtocolResponse
{
    /// <summary>The call, on success.</summary>
    public ProviderCall? Call { get; init; }

    /// <summary>A call.</summary>
    public static ProtectedCallResult Of(ProviderCall call) => new() { Call = call };

    /// <summary>A refusal, always <see cref="ErrorKind.InvalidRequest"/>.</summary>
    public static ProtectedCallResult Fail(string code, string description) => new() { Error = new OAuthError(ErrorKind.InvalidRequest, code, description) };

    /// <summary>Deconstructs into the call and the error: <c>var (call, error) = ProtectedCalls.For(...)</c>.</summary>
    public void Deconstruct(out ProviderCall? call, out OAuthError? error)
    {
        call = Call;
        error = Error;
    }
}
