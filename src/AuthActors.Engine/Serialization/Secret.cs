namespace AuthActors.Engine.Serialization;

/// <summary>
/// A secret value in a message or event (a PKCE verifier, a nonce, a request token secret, a code). The
/// AuthActors serializer encrypts it with AES-GCM before it reaches the journal or the network, and
/// <see cref="ToString"/> never prints it.
/// </summary>
/// <param name="Value">The plain value, held only in memory.</param>
public readonly record struct Secret(string Value)
{
    /// <summary>Never the value.</summary>
    public override string ToString() => "***";

    /// <summary>Wraps a value, or returns <c>null</c> for <c>null</c>.</summary>
    public static Secret? From(string? value) => value is null ? null : new Secret(value);
}
