namespace AuthActors.Protocol.Infrastructure;

/// <summary>Unpadded base64url (RFC 4648 §5), as used by PKCE, JWTs and our random tokens.</summary>
public static class Base64Url
{
    /// <summary>Encodes <paramref name="bytes"/> without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Decodes unpadded base64url; returns <c>null</c> when the text is not valid base64url.</summary>
    public static byte[]? TryDecode(string text)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
