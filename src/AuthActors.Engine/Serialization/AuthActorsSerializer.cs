using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using AuthActors.Engine.Attempts;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Serialization;

/// <summary>
/// The serializer of every <see cref="IAuthActorsMessage"/>: System.Text.Json with explicit, versioned
/// manifests (never a CLR type name in a row), secrets and tokens sealed with AES-GCM. An unknown
/// manifest is a <see cref="SerializationException"/>. Manifests are never reused: a changed shape gets a
/// new version.
/// </summary>
public sealed class AuthActorsSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id (ids up to 100 are reserved by Akka).</summary>
    public const int SerializerId = 8201;

    private static readonly Dictionary<Type, string> Manifests = new()
    {
        [typeof(AttemptStarted)] = "attempt-started.v1",
        [typeof(RequestTokenObtained)] = "request-token-obtained.v1",
        [typeof(CallbackAccepted)] = "callback-accepted.v1",
        [typeof(TokenExchanged)] = "token-exchanged.v1",
        [typeof(AttemptFailed)] = "attempt-failed.v1",
        [typeof(AttemptExpired)] = "attempt-expired.v1",
        [typeof(IdentityEstablished)] = "identity-established.v1",
        [typeof(Begin)] = "attempt-begin.v1",
        [typeof(Complete)] = "attempt-complete.v1",
        [typeof(GetStatus)] = "attempt-get-status.v1",
        [typeof(Begun)] = "attempt-begun.v1",
        [typeof(Completed)] = "attempt-completed.v2",
        [typeof(Failed)] = "attempt-failed-reply.v1",
        [typeof(AuthorizationAttempt.Status)] = "attempt-status.v1",
        [typeof(Statistics.AttemptStatistics.Transitioned)] = "attempt-statistics-transitioned.v1",
        [typeof(Statistics.AttemptStatistics.Refused)] = "attempt-statistics-refused.v1",
        [typeof(Vault.GrantStored)] = "grant-stored.v1",
        [typeof(Vault.GrantRefreshStarted)] = "grant-refresh-started.v1",
        [typeof(Vault.GrantRefreshed)] = "grant-refreshed.v1",
        [typeof(Vault.GrantRejected)] = "grant-rejected.v1",
        [typeof(Vault.GrantDeleted)] = "grant-deleted.v1",
        [typeof(Vault.TokenGrant.Store)] = "grant-store.v1",
        [typeof(Vault.TokenGrant.GetToken)] = "grant-get-token.v1",
        [typeof(Vault.TokenGrant.GetInfo)] = "grant-get-info.v1",
        [typeof(Vault.TokenGrant.Delete)] = "grant-delete.v1",
        [typeof(Vault.TokenGrant.Issued)] = "grant-issued.v1",
        [typeof(Vault.TokenGrant.Refused)] = "grant-refused.v1",
        [typeof(Vault.TokenGrant.Deleted)] = "grant-deleted-reply.v1",
        [typeof(Vault.TokenGrant.Info)] = "grant-info.v1",
    };

    private static readonly Dictionary<string, Type> Types = Manifests.ToDictionary(p => p.Value, p => p.Key);
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the serializer with the key ring that seals secrets.</summary>
    public AuthActorsSerializer(ExtendedActorSystem system, FieldEncryptor encryptor)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(encryptor);
        _options = new JsonSerializerOptions
        {
            // Source-generated metadata for every message (a type it lacks is an error, never a reflection fallback).
            TypeInfoResolver = MessageJson.Default,
            Converters = { new SecretConverter(encryptor), new OAuthTokenConverter(encryptor), new LoginIdentityConverter(encryptor), new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Rows and messages are never embedded in HTML: base64's '+' need not become "\u002B".
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <summary>Every type this serializer handles, with its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> KnownManifests => Manifests;

    /// <inheritdoc />
    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().Name} has no AuthActors manifest.");

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
        {
            throw new SerializationException($"Unknown AuthActors manifest '{manifest}'.");
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type, _options)
                   ?? throw new SerializationException($"A '{manifest}' payload is empty.");
        }
        catch (JsonException ex)
        {
            throw new SerializationException($"A '{manifest}' payload is malformed: {ex.Message}");
        }
    }
}
