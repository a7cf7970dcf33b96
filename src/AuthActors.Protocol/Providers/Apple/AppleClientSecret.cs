using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Protocol.Providers.Apple;

/// <summary>
/// Sign in with Apple's client secret: not a fixed string but a JWT signed with ES256 by the team's private
/// key (the <c>.p8</c> file from the developer account), per Apple's "Creating a client secret": header
/// <c>alg</c> ES256 and <c>kid</c> the key id; claims <c>iss</c> the team id, <c>iat</c>, <c>exp</c> at most
/// 15,777,000 seconds (six months) later, <c>aud</c> <c>https://appleid.apple.com</c> and <c>sub</c> the
/// client id (the Services ID). Pure: the time is a parameter. Regenerate it before it expires and pass it
/// as the <c>apple</c> preset's client secret.
/// </summary>
public static class AppleClientSecret
{
    /// <summary>The <c>aud</c> Apple requires.</summary>
    public const string Audience = "https://appleid.apple.com";

    /// <summary>The longest lifetime Apple accepts: 15,777,000 seconds (six months).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(15_777_000);

    /// <summary>The client secret, signed with a key read from its PEM text (the <c>.p8</c> file's content).</summary>
    /// <param name="teamId">The Apple developer team id (<c>iss</c>).</param>
    /// <param name="keyId">The id of the Sign in with Apple key (header <c>kid</c>).</param>
    /// <param name="clientId">The Services ID (or App ID) the secret is for (<c>sub</c>).</param>
    /// <param name="privateKeyPem">The P-256 private key in PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</param>
    /// <param name="now">The issue time (<c>iat</c>).</param>
    /// <param name="lifetime">How long it is valid; more than zero and at most <see cref="MaxLifetime"/>.</param>
    public static string Create(string teamId, string keyId, string clientId, string privateKeyPem, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return Create(teamId, keyId, clientId, key, now, lifetime);
    }

    /// <summary>The client secret, signed with <paramref name="privateKey"/> (a P-256 key).</summary>
    /// <param name="teamId">The Apple developer team id (<c>iss</c>).</param>
    /// <param name="keyId">The id of the Sign in with Apple key (header <c>kid</c>).</param>
    /// <param name="clientId">The Services ID (or App ID) the secret is for (<c>sub</c>).</param>
    /// <param name="privateKey">The P-256 private key.</param>
    /// <param name="now">The issue time (<c>iat</c>).</param>
    /// <param name="lifetime">How long it is valid; more than zero and at most <see cref="MaxLifetime"/>.</param>
    /// <exception cref="ArgumentException">An id is empty, or the key is not P-256.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not in (0, six months].</exception>
    public static string Create(string teamId, string keyId, string clientId, ECDsa privateKey, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "Apple accepts a client secret valid for at most 15,777,000 seconds (six months).");
        }

        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("Sign in with Apple keys are P-256 (ES256).", nameof(privateKey));
        }

        // Whole seconds: iat and exp are NumericDates.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = teamId,
            Audience = Audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = issuedAt.Add(lifetime).UtcDateTime,
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = clientId },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(privateKey) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }
}
