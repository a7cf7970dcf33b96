using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.OAuth1;

/// <summary>A checked OAuth 1 authorization callback (RFC 5849 §2.2): the verifier, or why it cannot be used.</summary>
public sealed record OAuth1Callback : ProtocolResponse
{
    /// <summary>The <c>oauth_verifier</c>, on success.</summary>
    public string? Verifier { get; init; }

    /// <summary>Deconstructs into the verifier and the error: <c>var (verifier, error) = OAuth1Messages.ValidateCallback(...)</c>.</summary>
    public void Deconstruct(out string? verifier, out OAuthError? error)
    {
        verifier = Verifier;
        error = Error;
    }

    /// <summary>Never prints the verifier.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("HasVerifier = ").Append(Verifier is not null).Append(", Error = ").Append(Error);
        return true;
    }
}
