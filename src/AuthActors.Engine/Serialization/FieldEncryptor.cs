using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuthActors.Engine.Serialization;

/// <summary>
/// Seals secret fields with AES-256-GCM: <c>v1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>. The first
/// key encrypts; every key decrypts, so a key can be rotated by putting the new one first. Sealing and opening
/// reuse their AES-GCM contexts, one pool per key (an <see cref="AesGcm"/> is one OpenSSL context, costly to make
/// and not thread-safe, so each is used by one caller at a time), and work in pooled buffers: every journal write
/// seals a field or two, and every recovery opens them.
/// </summary>
public sealed class FieldEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("authactors.field.v1");
    private readonly (string Id, byte[] Key)[] _keys;
    private readonly byte[] _prefix;
    // The contexts of each key, by its index in _keys; the first key's seal and open.
    private readonly ConcurrentBag<AesGcm>[] _contexts;

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

        _prefix = Encoding.UTF8.GetBytes($"v1.{_keys[0].Id}.");
        _contexts = _keys.Select(_ => new ConcurrentBag<AesGcm>()).ToArray();
    }

    /// <summary>An encryptor with a single key.</summary>
    public static FieldEncryptor WithKey(byte[] key, string keyId = "k1") => new([(keyId, key)]);

    /// <summary>Encrypts <paramref name="plaintext"/>.</summary>
    public string Seal(string plaintext)
    {
        using var utf8 = Utf8Of(plaintext);
        using var sealedValue = SealPooled(utf8.Span);
        return Encoding.ASCII.GetString(sealedValue.Span);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> and writes its sealed form as a JSON string.</summary>
    internal void WriteSealed(Utf8JsonWriter writer, string plaintext)
    {
        using var utf8 = Utf8Of(plaintext);
        WriteSealed(writer, utf8.Span);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> (UTF-8) and writes its sealed form as a JSON string.</summary>
    internal void WriteSealed(Utf8JsonWriter writer, ReadOnlySpan<byte> plaintext)
    {
        using var sealedValue = SealPooled(plaintext);
        writer.WriteStringValue(sealedValue.Span);
    }

    // A secret's UTF-8 bytes, in a pooled buffer that is cleared before it goes back.
    private static PooledBytes Utf8Of(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(plaintext.Length));
        return new PooledBytes(buffer, Encoding.UTF8.GetBytes(plaintext, buffer), Clear: true);
    }

    // The sealed form (ASCII) in a pooled buffer: the prefix, then nonce ‖ ciphertext ‖ tag, base64-encoded in place.
    private PooledBytes SealPooled(ReadOnlySpan<byte> plaintext)
    {
        var rawLength = NonceSize + plaintext.Length + TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(_prefix.Length + Base64.GetMaxEncodedToUtf8Length(rawLength));
        _prefix.CopyTo(buffer, 0);
        var raw = buffer.AsSpan(_prefix.Length);
        RandomNumberGenerator.Fill(raw[..NonceSize]);
        var aes = Rent(0);
        aes.Encrypt(raw[..NonceSize], plaintext, raw.Slice(NonceSize, plaintext.Length), raw.Slice(NonceSize + plaintext.Length, TagSize), AssociatedData);
        _contexts[0].Add(aes);
        Base64.EncodeToUtf8InPlace(raw, rawLength, out var written);
        return new PooledBytes(buffer, _prefix.Length + written, Clear: false);
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

        var index = Array.FindIndex(_keys, k => k.Id == parts[1]);
        if (index < 0)
        {
            throw new CryptographicException($"The sealed value uses key '{parts[1]}', which is not configured.");
        }

        var input = Convert.FromBase64String(parts[2]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is truncated.");
        }

        var length = input.Length - NonceSize - TagSize;
        var plain = ArrayPool<byte>.Shared.Rent(length);
        var aes = Rent(index);
        try
        {
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain.AsSpan(0, length), AssociatedData);
            return Encoding.UTF8.GetString(plain, 0, length);
        }
        finally
        {
            // A failed tag check leaves the context reusable: OpenSSL re-initialises it with each nonce.
            _contexts[index].Add(aes);
            ArrayPool<byte>.Shared.Return(plain, clearArray: true);
        }
    }

    private AesGcm Rent(int keyIndex) => _contexts[keyIndex].TryTake(out var pooled) ? pooled : new AesGcm(_keys[keyIndex].Key, TagSize);
}

/// <summary>The first <paramref name="Length"/> bytes of a rented buffer, returned (and cleared if asked) on dispose.</summary>
internal readonly record struct PooledBytes(byte[] Buffer, int Length, bool Clear) : IDisposable
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer, Clear);
}
