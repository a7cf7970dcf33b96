using AuthActors.Protocol.Http;

namespace AuthActors.Protocol.Client;

/// <summary>
/// Thrown by <see cref="OAuthClient"/>'s seed-style methods (as authlib raises <c>OAuthError</c>) when a
/// step fails. The pure builders and parsers never throw; they return the same <see cref="OAuthError"/> as data.
/// </summary>
public sealed class OAuthException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public OAuthException(OAuthError error)
        : base(error?.ToString())
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>The typed error.</summary>
    public OAuthError Error { get; }
}
