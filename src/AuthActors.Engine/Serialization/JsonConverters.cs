using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Runtime.Serialization;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Serialization;

/// <summary>Writes a <see cref="Secret"/> as its AES-GCM sealed form and opens it on read.</summary>
internal sealed class SecretConverter(FieldEncryptor encryptor) : JsonConverter<Secret>
{
    public override Secret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(Open(encryptor, reader.GetString()));

    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options) =>
        encryptor.WriteSealed(writer, value.Value);

    internal static string Open(FieldEncryptor encryptor, string? sealedValue)
    {
        try
        {
            return encryptor.Open(sealedValue ?? throw new SerializationException("A sealed field is null."));
        }
        catch (CryptographicException ex)
        {
            // The message names the cause (unknown key, tampering), never the value.
            throw new SerializationException("A sealed field cannot be opened: " + ex.Message);
        }
        catch (FormatException)
        {
            throw new SerializationException("A sealed field is not valid base64.");
        }
    }
}

/// <summary>
/// Writes an <see cref="OAuthToken"/> (OAuth 1 or OAuth 2, every field) as one sealed string, so that no
/// part of a token reaches the journal or the network in plain text.
/// </summary>
internal sealed class OAuthTokenConverter(FieldEncryptor encryptor) : JsonConverter<OAuthToken>
{
    public override OAuthToken? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var dto = JsonSerializer.Deserialize(SecretConverter.Open(encryptor, reader.GetString()), SealedJson.Default.TokenDto)
                  ?? throw new SerializationException("A sealed token is empty.");
        var extra = dto.Extra ?? new Dictionary<string, string>();
        return dto.V switch
        {
            1 => new OAuth1Token(dto.Token, dto.Secret ?? string.Empty) { Extra = extra },
            2 => new OAuth2Token(dto.Token, dto.Type ?? "Bearer")
            {
                RefreshToken = dto.Refresh, ExpiresIn = dto.ExpiresIn, ExpiresAt = dto.ExpiresAt, Scope = dto.Scope, IdToken = dto.IdToken, Extra = extra,
            },
            _ => throw new SerializationException($"Unknown sealed token version {dto.V}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, OAuthToken value, JsonSerializerOptions options)
    {
        var dto = value switch
        {
            OAuth1Token t => new TokenDto(1, t.Token, t.TokenSecret, null, null, null, null, null, null, Copy(t.Extra)),
            OAuth2Token t => new TokenDto(2, t.AccessToken, null, t.TokenType, t.RefreshToken, t.ExpiresIn, t.ExpiresAt, t.Scope, t.IdToken, Copy(t.Extra)),
            _ => throw new SerializationException($"Unknown token type {value.GetType().Name}."),
        };
        encryptor.WriteSealed(writer, JsonSerializer.SerializeToUtf8Bytes(dto, SealedJson.Default.TokenDto));
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> extra) => extra.ToDictionary(p => p.Key, p => p.Value);

    internal sealed record TokenDto(int V, string Token, string? Secret, string? Type, string? Refresh, long? ExpiresIn,
        DateTimeOffset? ExpiresAt, string? Scope, string? IdToken, Dictionary<string, string>? Extra);
}

/// <summary>
/// Writes a <see cref="LoginIdentity"/> (issuer, subject, claims, user info: personal data) as one sealed
/// string, like tokens.
/// </summary>
internal sealed class LoginIdentityConverter(FieldEncryptor encryptor) : JsonConverter<LoginIdentity>
{
    public override LoginIdentity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var dto = JsonSerializer.Deserialize(SecretConverter.Open(encryptor, reader.GetString()), SealedJson.Default.IdentityDto)
                  ?? throw new SerializationException("A sealed identity is empty.");
        return dto.V == 1
            ? new LoginIdentity(dto.Provider, dto.Issuer, dto.Subject)
            {
                FromIdToken = dto.FromIdToken, IdTokenClaims = Pairs(dto.IdTokenClaims), Claims = Pairs(dto.Claims), UserInfo = dto.UserInfo,
            }
            : throw new SerializationException($"Unknown sealed identity version {dto.V}.");
    }

    public override void Write(Utf8JsonWriter writer, LoginIdentity value, JsonSerializerOptions options)
    {
        var dto = new IdentityDto(1, value.Provider, value.Issuer, value.Subject, value.FromIdToken,
            value.IdTokenClaims.Select(c => new[] { c.Key, c.Value }).ToList(), value.Claims.Select(c => new[] { c.Key, c.Value }).ToList(), value.UserInfo);
        encryptor.WriteSealed(writer, JsonSerializer.SerializeToUtf8Bytes(dto, SealedJson.Default.IdentityDto));
    }

    private static List<KeyValuePair<string, string>> Pairs(List<string[]>? pairs) =>
        (pairs ?? []).Where(p => p.Length == 2).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

    internal sealed record IdentityDto(int V, string Provider, string Issuer, string Subject, bool FromIdToken,
        List<string[]>? IdTokenClaims, List<string[]>? Claims, string? UserInfo);
}

/// <summary>
/// The sealed token and identity documents, with source-generated (reflection-free) System.Text.Json metadata;
/// their shape is the one that <c>JsonSerializer</c>'s defaults wrote, so older rows read the same.
/// </summary>
[JsonSerializable(typeof(OAuthTokenConverter.TokenDto))]
[JsonSerializable(typeof(LoginIdentityConverter.IdentityDto))]
internal sealed partial class SealedJson : JsonSerializerContext;

/// <summary>
/// The events and messages themselves, with source-generated metadata: the serializer's options resolve every
/// <see cref="IAuthActorsMessage"/> here, with no reflection at run time (and none at start-up). The options' converters
/// still seal secrets, tokens and identities, and write enums as their names, so the rows have the shape the
/// reflection-based serializer wrote (<c>SerializerTests</c> holds every one).
/// </summary>
[JsonSerializable(typeof(Attempts.AttemptStarted))]
[JsonSerializable(typeof(Attempts.RequestTokenObtained))]
[JsonSerializable(typeof(Attempts.CallbackAccepted))]
[JsonSerializable(typeof(Attempts.TokenExchanged))]
[JsonSerializable(typeof(Attempts.AttemptFailed))]
[JsonSerializable(typeof(Attempts.AttemptExpired))]
[JsonSerializable(typeof(Attempts.IdentityEstablished))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Begin))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Complete))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.GetStatus))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Begun))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Completed))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Failed))]
[JsonSerializable(typeof(Attempts.AuthorizationAttempt.Status), TypeInfoPropertyName = "AttemptStatus")]
[JsonSerializable(typeof(Statistics.AttemptStatistics.Transitioned))]
[JsonSerializable(typeof(Statistics.AttemptStatistics.Refused), TypeInfoPropertyName = "StatisticsRefused")]
[JsonSerializable(typeof(Vault.GrantStored))]
[JsonSerializable(typeof(Vault.GrantRefreshStarted))]
[JsonSerializable(typeof(Vault.GrantRefreshed))]
[JsonSerializable(typeof(Vault.GrantRejected))]
[JsonSerializable(typeof(Vault.GrantDeleted))]
[JsonSerializable(typeof(Vault.TokenGrant.Store))]
[JsonSerializable(typeof(Vault.TokenGrant.GetToken))]
[JsonSerializable(typeof(Vault.TokenGrant.GetInfo))]
[JsonSerializable(typeof(Vault.TokenGrant.Delete))]
[JsonSerializable(typeof(Vault.TokenGrant.Issued))]
[JsonSerializable(typeof(Vault.TokenGrant.Refused), TypeInfoPropertyName = "GrantRefused")]
[JsonSerializable(typeof(Vault.TokenGrant.Deleted))]
[JsonSerializable(typeof(Vault.TokenGrant.Info))]
internal sealed partial class MessageJson : JsonSerializerContext;
