using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Engine.Serialization;

/// <summary>
/// Seals secret fields with AES-256-GCM: <c>v1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>. The first
/// key encrypts; every key decrypts, so a key can be rotated by putting the new one first.
/// </summary>
public sealed class FieldEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("authactors.field.v1");
    private readonly (string Id, byte[] Key)[] _keys;

    /// <summary>Creates an encryptor; the first key encrypts.</summary>
    /// <param name="keys">Key ids (short, without dots) and 32-byte keys.</param>
    public FieldEncryptor(IEnumerable<(string Id, byte[] Key)> keys)
    {
        _keys = keys.ToArray();
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one encryption key is required.", nameof(keys));
        }

        foreach (var (id, key) in _keys)
        {
            if (key.Length != 32 || string.IsNullOrEmpty(id) || id.Contains('.'))
            {
                throw new ArgumentException("Each key needs a non-empty id without dots and exactly 32 bytes.", nameof(keys));
            }
        }
    }

    /// <summary>An encryptor with a single key.</summary>
    public static FieldEncryptor WithKey(byte[] key, string keyId = "k1") => new([(keyId, key)]);

    /// <summary>Encrypts <paramref name="plaintext"/>.</summary>
    public string Seal(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var (id, key) = _keys[0];
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), AssociatedData);
        return $"v1.{id}.{Convert.ToBase64String(output)}";
    }

    /// <summary>Decrypts a value produced by <see cref="Seal"/>.</summary>
    /// <exception cref="CryptographicException">The value is malformed, its key is unknown, or it was tampered with.</exception>
    public string Open(string sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        var parts = sealedValue.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "v1")
        {
            throw new CryptographicException("The sealed value has an unknown format.");
        }

        var key = _keys.FirstOrDefault(k => k.Id == parts[1]).Key
                  ?? throw new CryptographicException($"The sealed value uses key '{parts[1]}', which is not configured.");
        var input = Convert.FromBase64String(parts[2]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is truncated.");
        }

        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, AssociatedData);
        return Encoding.UTF8.GetString(plain);
    }
}
