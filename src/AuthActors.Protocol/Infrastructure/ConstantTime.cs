using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Protocol.Infrastructure;

/// <summary>
/// Comparisons whose running time does not depend on where two secrets differ, for <c>state</c>,
/// <c>oauth_token</c>, signatures and binding hashes (STYLE §2, RFC 6749 §10.12).
/// </summary>
public static class ConstantTime
{
    /// <summary>True when both strings are non-null and equal, compared in constant time over their UTF-8 bytes.</summary>
    public static bool Equals(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return false;
        }

        var a = Encoding.UTF8.GetBytes(left);
        var b = Encoding.UTF8.GetBytes(right);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
