using System.Security.Cryptography;
using AuthActors.Engine.Serialization;
using AuthActors.Hosting.Options;
using Microsoft.Extensions.Logging;

namespace AuthActors.Hosting;

/// <summary>
/// Loads the key that seals secrets: from configuration (<c>AuthActors:Encryption:Key</c>, base64, 32 bytes),
/// or in development from <c>{DataDirectory}/authactors.key</c>, generated on first run with owner-only
/// permissions and a warning.
/// </summary>
internal static partial class EncryptionKeys
{
    /// <summary>The name of the generated development key file.</summary>
    public const string DevelopmentKeyFile = "authactors.key";

    /// <summary>Builds the encryptor for <paramref name="options"/>.</summary>
    public static FieldEncryptor Load(EncryptionOptions options, string dataDirectory, ILogger logger)
    {
        var keys = new List<(string, byte[])> { (options.KeyId, options.Key is { Length: > 0 } key ? Decode(key, "Key") : DevelopmentKey(dataDirectory, logger)) };
        keys.AddRange(options.PreviousKeys.Select(p => (p.Key, Decode(p.Value, $"PreviousKeys:{p.Key}"))));
        return new FieldEncryptor(keys);
    }

    private static byte[] Decode(string base64, string setting)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length == 32
                ? bytes
                : throw new InvalidOperationException($"AuthActors:Encryption:{setting} must be 32 bytes (base64 of 32 random bytes), not {bytes.Length}.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"AuthActors:Encryption:{setting} is not valid base64.");
        }
    }

    private static byte[] DevelopmentKey(string dataDirectory, ILogger logger)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                LogGenerated(logger, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        else
        {
            LogDevelopmentKey(logger, path);
        }

        return Decode(File.ReadAllText(path).Trim(), "Key (development key file)");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No AuthActors:Encryption:Key configured: generated a development key at {Path} (owner-only). Configure a key from a secret store in production.")]
    private static partial void LogGenerated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No AuthActors:Encryption:Key configured: using the development key at {Path}. Configure a key from a secret store in production.")]
    private static partial void LogDevelopmentKey(ILogger logger, string path);
}
