using AuthActors.Protocol.Identity;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Serialization;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Serialization;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Tokens;
using static AuthActors.Engine.Attempts.AuthorizationAttempt;

namespace AuthActors.Engine.Tests;

/// <summary>The event serializer: explicit manifests, sealed secrets, clear errors.</summary>
public sealed class SerializerTests : IDisposable
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly ActorSystem _system = ActorSystem.Create("ser", ActorSystemSetup.Create(AuthActorsSerialization.Setup(FieldEncryptor.WithKey(Key))));

    public void Dispose() => _system.Terminate().Wait();

    private SerializerWithStringManifest Serializer => (SerializerWithStringManifest)_system.Serialization.FindSerializerFor(new AttemptExpired(DateTimeOffset.UnixEpoch));

    public static TheoryData<IAuthActorsMessage> Messages() => new(All());

    private static IAuthActorsMessage[] All() =>
    [
        new AttemptStarted("id", "dev", 2, "https://app/cb", "hash", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(10), new Secret("pkce-verifier-s3cr3t"), new Secret("nonce-s3cr3t")),
        new RequestTokenObtained("rt", new Secret("request-token-s3cr3t")),
        new CallbackAccepted(new Secret("authorization-code-s3cr3t"), DateTimeOffset.UnixEpoch),
        new TokenExchanged(new OAuth2Token("access-token-s3cr3t", "Bearer") { RefreshToken = "refresh-token-s3cr3t", Scope = "a b", ExpiresAt = DateTimeOffset.UnixEpoch }, DateTimeOffset.UnixEpoch),
        new TokenExchanged(new OAuth1Token("oauth1-t0ken-s3cr3t", "oauth1-token-s3cr3t") { Extra = new Dictionary<string, string> { ["user_id"] = "7" } }, DateTimeOffset.UnixEpoch),
        new AttemptFailed(FailureReason.ProviderError, "invalid_grant", "no", DateTimeOffset.UnixEpoch),
        new AttemptExpired(DateTimeOffset.UnixEpoch),
        new Complete("dev", "id", [new("code", "c")], "hash"),
        new Completed("id", new OAuth2Token("access-token-s3cr3t", "Bearer")) { Identity = Identity() },
        new IdentityEstablished(Identity(), DateTimeOffset.UnixEpoch),
        new Failed("id", FailureReason.Denied, "access_denied", null),
        new GrantStored("dev", new Secret("subject-s3cr3t"), "https://issuer", new OAuth2Token("access-token-s3cr3t", "Bearer") { RefreshToken = "refresh-token-s3cr3t" }, DateTimeOffset.UnixEpoch, "attempt"),
        new GrantRefreshStarted(DateTimeOffset.UnixEpoch),
        new GrantRefreshed(new OAuth2Token("access-token-s3cr3t", "Bearer") { RefreshToken = "refresh-token-s3cr3t", ExpiresAt = DateTimeOffset.UnixEpoch }, DateTimeOffset.UnixEpoch),
        new GrantRejected(GrantFailureReason.RefreshOutcomeLost, "invalid_grant", DateTimeOffset.UnixEpoch),
        new GrantDeleted(DateTimeOffset.UnixEpoch),
        new TokenGrant.Store("dev.grant", "dev", "subject", "https://issuer", new OAuth1Token("oauth1-t0ken-s3cr3t", "oauth1-token-s3cr3t"), "attempt"),
        new TokenGrant.GetToken("dev.grant", "fingerprint"),
        new TokenGrant.GetInfo("dev.grant"),
        new TokenGrant.Delete("dev.grant"),
        new TokenGrant.Issued("dev.grant", new OAuth2Token("access-token-s3cr3t", "Bearer"), GrantInfo()),
        new TokenGrant.Refused("dev.grant", GrantFailureReason.ReauthenticationRequired, "invalid_grant", "log in again"),
        new TokenGrant.Deleted("dev.grant", true, null),
        GrantInfo(),
        new Begin("dev", "id", "https://app/cb", "hash", [new("prompt", "login"), new("login_hint", "a@b")]) { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", IsNew = true },
        new GetStatus("dev", "id"),
        new Begun("id", "https://provider/authorize?state=id", "id"),
        new AuthorizationAttempt.Status("id", "dev", AttemptPhase.Redirected, DateTimeOffset.UnixEpoch, FailureReason.Expired),
        new Statistics.AttemptStatistics.Transitioned("dev", AttemptPhase.Exchanging, AttemptPhase.Exchanged, null),
        new Statistics.AttemptStatistics.Refused("dev", FailureReason.Busy),
    ];

    private static TokenGrant.Info GrantInfo() =>
        new("dev.grant", GrantStatus.Active, "dev", DateTimeOffset.UnixEpoch, "a b", true, 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips_through_its_explicit_manifest(IAuthActorsMessage message)
    {
        var manifest = Serializer.Manifest(message);
        Assert.Matches(@"^[a-z0-9-]+\.v\d+$", manifest);
        var back = Serializer.FromBinary(Serializer.ToBinary(message), manifest);
        Assert.Equal(Render(message), Render(back));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void No_secret_appears_in_the_serialized_bytes(IAuthActorsMessage message)
    {
        var text = Encoding.UTF8.GetString(Serializer.ToBinary(message));
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_begin_trace_context_round_trips_and_older_attempt_started_rows_read_without_it()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var started = new AttemptStarted("id", "dev", 2, "https://app/cb", "hash", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(10), null, null)
        {
            TraceParent = traceParent,
        };
        var bytes = Serializer.ToBinary(started);
        var withoutTrace = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace($",\"TraceParent\":\"{traceParent}\"", string.Empty, StringComparison.Ordinal));

        Assert.Equal("attempt-started.v1", Serializer.Manifest(started));
        Assert.Equal(traceParent, ((AttemptStarted)Serializer.FromBinary(bytes, "attempt-started.v1")).TraceParent);
        Assert.NotEqual(bytes.Length, withoutTrace.Length);
        var old = (AttemptStarted)Serializer.FromBinary(withoutTrace, "attempt-started.v1");
        Assert.Null(old.TraceParent);
        Assert.Equal(started with { TraceParent = null }, old);
    }

    // Every message as the serializer wrote it before its metadata was source-generated (2026-12-06), sealed values
    // masked (each seal draws a new nonce): rows already in a journal read the same, and new rows have their shape.
    private static readonly string[] Written =
    [
        """{"AttemptId":"id","Provider":"dev","OAuthVersion":2,"RedirectUri":"https://app/cb","BindingHash":"hash","StartedAt":"1970-01-01T00:00:00+00:00","Deadline":"1970-01-01T00:10:00+00:00","CodeVerifier":"SEALED","Nonce":"SEALED"}""",
        """{"RequestToken":"rt","RequestTokenSecret":"SEALED"}""",
        """{"Grant":"SEALED","At":"1970-01-01T00:00:00+00:00"}""",
        """{"Token":"SEALED","At":"1970-01-01T00:00:00+00:00"}""",
        """{"Token":"SEALED","At":"1970-01-01T00:00:00+00:00"}""",
        """{"Reason":"ProviderError","ProviderError":"invalid_grant","Description":"no","At":"1970-01-01T00:00:00+00:00"}""",
        """{"At":"1970-01-01T00:00:00+00:00"}""",
        """{"Provider":"dev","AttemptId":"id","CallbackParameters":[{"Key":"code","Value":"c"}],"BindingHash":"hash"}""",
        """{"AttemptId":"id","Token":"SEALED","Identity":"SEALED"}""",
        """{"Identity":"SEALED","At":"1970-01-01T00:00:00+00:00"}""",
        """{"AttemptId":"id","Reason":"Denied","ProviderError":"access_denied"}""",
        """{"Provider":"dev","Subject":"SEALED","Issuer":"https://issuer","Token":"SEALED","At":"1970-01-01T00:00:00+00:00","AttemptId":"attempt","RefreshCount":0}""",
        """{"At":"1970-01-01T00:00:00+00:00"}""",
        """{"Token":"SEALED","At":"1970-01-01T00:00:00+00:00"}""",
        """{"Reason":"RefreshOutcomeLost","ProviderError":"invalid_grant","At":"1970-01-01T00:00:00+00:00"}""",
        """{"At":"1970-01-01T00:00:00+00:00"}""",
        """{"GrantId":"dev.grant","Provider":"dev","Subject":"subject","Issuer":"https://issuer","Token":"SEALED","AttemptId":"attempt"}""",
        """{"GrantId":"dev.grant","RejectedFingerprint":"fingerprint"}""",
        """{"GrantId":"dev.grant"}""",
        """{"GrantId":"dev.grant"}""",
        """{"GrantId":"dev.grant","Token":"SEALED","Grant":{"GrantId":"dev.grant","Status":"Active","Provider":"dev","ExpiresAt":"1970-01-01T00:00:00+00:00","Scope":"a b","HasRefreshToken":true,"RefreshCount":2,"StoredAt":"1970-01-01T00:00:00+00:00","RefreshedAt":"1970-01-01T00:00:00+00:00","RefreshPending":false}}""",
        """{"GrantId":"dev.grant","Reason":"ReauthenticationRequired","ProviderError":"invalid_grant","Description":"log in again"}""",
        """{"GrantId":"dev.grant","RevokedAtProvider":true}""",
        """{"GrantId":"dev.grant","Status":"Active","Provider":"dev","ExpiresAt":"1970-01-01T00:00:00+00:00","Scope":"a b","HasRefreshToken":true,"RefreshCount":2,"StoredAt":"1970-01-01T00:00:00+00:00","RefreshedAt":"1970-01-01T00:00:00+00:00","RefreshPending":false}""",
        """{"Provider":"dev","AttemptId":"id","RedirectUri":"https://app/cb","BindingHash":"hash","ExtraParameters":[{"Key":"prompt","Value":"login"},{"Key":"login_hint","Value":"a@b"}],"TraceParent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""",
        """{"Provider":"dev","AttemptId":"id"}""",
        """{"AttemptId":"id","AuthorizeUrl":"https://provider/authorize?state=id","State":"id"}""",
        """{"AttemptId":"id","Provider":"dev","Phase":"Redirected","Deadline":"1970-01-01T00:00:00+00:00","Failure":"Expired"}""",
        """{"Provider":"dev","From":"Exchanging","To":"Exchanged"}""",
        """{"Provider":"dev","Reason":"Busy"}""",
    ];

    public static TheoryData<IAuthActorsMessage, string> MessagesAsWritten()
    {
        var data = new TheoryData<IAuthActorsMessage, string>();
        foreach (var (message, json) in All().Zip(Written))
        {
            data.Add(message, json);
        }

        return data;
    }

    [Fact]
    public void Every_message_has_its_row_as_written()
    {
        Assert.Equal(All().Length, Written.Length);
        Assert.Equal(AuthActorsSerializer.KnownManifests.Values.Order(), All().Select(m => Serializer.Manifest(m)).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(MessagesAsWritten))]
    public void Every_message_is_written_in_the_shape_older_rows_have(IAuthActorsMessage message, string written)
    {
        var json = Encoding.UTF8.GetString(Serializer.ToBinary(message));
        Assert.Equal(written, Regex.Replace(json, @"v1\.k1\.[A-Za-z0-9_+/=-]+", "SEALED"));
        Assert.Equal(Render(message), Render(Serializer.FromBinary(Encoding.UTF8.GetBytes(json), Serializer.Manifest(message))));
    }

    [Fact]
    public void An_unknown_manifest_is_a_serialization_exception()
    {
        Assert.Throws<SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), "attempt-started.v999"));
    }

    [Fact]
    public void A_row_sealed_with_another_key_cannot_be_read_and_says_why_without_the_value()
    {
        using var other = ActorSystem.Create("ser2", ActorSystemSetup.Create(AuthActorsSerialization.Setup(FieldEncryptor.WithKey(RandomNumberGenerator.GetBytes(32)))));
        var bytes = Serializer.ToBinary(new CallbackAccepted(new Secret("authorization-code-secret"), DateTimeOffset.UnixEpoch));
        var otherSerializer = (SerializerWithStringManifest)other.Serialization.FindSerializerFor(new AttemptExpired(DateTimeOffset.UnixEpoch));
        var ex = Assert.Throws<SerializationException>(() => otherSerializer.FromBinary(bytes, "callback-accepted.v1"));
        Assert.DoesNotContain("authorization-code-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_sealed_value_is_rejected()
    {
        var encryptor = FieldEncryptor.WithKey(Key);
        Assert.ThrowsAny<CryptographicException>(() => encryptor.Open(Tampered(encryptor.Seal("value"))));
    }

    // Opening reuses its AES-GCM contexts too: the one that rejected a value goes back to the pool and must still open.
    [Fact]
    public void After_a_rejected_value_the_same_encryptor_opens_good_ones()
    {
        var encryptor = FieldEncryptor.WithKey(Key);
        var sealedValue = encryptor.Seal("value");
        for (var i = 0; i < 3; i++)
        {
            Assert.ThrowsAny<CryptographicException>(() => encryptor.Open(Tampered(sealedValue)));
            Assert.Equal("value", encryptor.Open(sealedValue));
            Assert.Equal($"other-{i}", encryptor.Open(encryptor.Seal($"other-{i}")));
        }
    }

    // The sealed value with the last bit of its tag flipped.
    private static string Tampered(string sealedValue)
    {
        var parts = sealedValue.Split('.');
        var bytes = Convert.FromBase64String(parts[2]);
        bytes[^1] ^= 1;
        return $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(bytes)}";
    }

    // Each key has its own contexts: values of the old key and the new one open side by side after a rotation.
    [Fact]
    public async Task After_a_rotation_values_of_either_key_open_concurrently()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var before = new FieldEncryptor([("old", oldKey)]);
        var rotated = new FieldEncryptor([("new", RandomNumberGenerator.GetBytes(32)), ("old", oldKey)]);
        var values = Enumerable.Range(0, 200)
            .Select(i => (Plain: $"secret-{i}", Sealed: i % 2 == 0 ? before.Seal($"secret-{i}") : rotated.Seal($"secret-{i}")))
            .ToList();
        Assert.All(values.Where((_, i) => i % 2 == 1), v => Assert.StartsWith("v1.new.", v.Sealed, StringComparison.Ordinal));
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => values.Select(v => rotated.Open(v.Sealed)).ToList())));
        Assert.All(opened, o => Assert.Equal(values.Select(v => v.Plain), o));
        Assert.ThrowsAny<CryptographicException>(() => before.Open(values[1].Sealed));
    }

    // Sealing reuses its AES-GCM contexts across callers: concurrent seals must neither mix up nor repeat a nonce.
    [Fact]
    public async Task Concurrent_seals_each_open_to_their_own_value_under_distinct_nonces()
    {
        var encryptor = FieldEncryptor.WithKey(Key);
        var sealedValues = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
            Enumerable.Range(0, 500).Select(i => $"secret-{worker}-{i}-{new string('x', i % 700)}").Select(plain => (Plain: plain, Sealed: encryptor.Seal(plain))).ToList())));
        var all = sealedValues.SelectMany(w => w).ToList();
        Assert.All(all, v => Assert.Equal(v.Plain, encryptor.Open(v.Sealed)));
        Assert.Equal(all.Count, all.Select(v => v.Sealed.Split('.')[2][..16]).Distinct().Count());
    }

    // Rows written before the sealed values went out unescaped: the JSON encoder then wrote base64's '+' as \u002B.
    [Fact]
    public void Rows_with_escaped_sealed_values_read_as_before()
    {
        var message = new TokenExchanged(new OAuth2Token("access-token-s3cr3t", "Bearer") { RefreshToken = "refresh-token-s3cr3t" }, DateTimeOffset.UnixEpoch);
        // Each seal draws a new nonce: take one whose base64 has a '+' to escape.
        var json = Enumerable.Range(0, 100).Select(_ => Encoding.UTF8.GetString(Serializer.ToBinary(message))).First(j => j.Contains('+', StringComparison.Ordinal));
        Assert.DoesNotContain("\\u002B", json, StringComparison.Ordinal);
        var escaped = Encoding.UTF8.GetBytes(json.Replace("+", "\\u002B", StringComparison.Ordinal));
        Assert.Equal(Render(message), Render(Serializer.FromBinary(escaped, Serializer.Manifest(message))));
    }

    [Fact]
    public void Secrets_print_as_stars()
    {
        Assert.Equal("***", new Secret("x").ToString());
        Assert.DoesNotContain("secret-code", new CallbackAccepted(new Secret("secret-code"), DateTimeOffset.UnixEpoch).ToString(), StringComparison.Ordinal);
    }

    // Records with collections compare by reference; compare their printed form plus token contents instead.
    private static string Render(object message) => message switch
    {
        TokenExchanged t => $"{t.At}|{TokenText(t.Token)}",
        Completed c => $"{c.AttemptId}|{TokenText(c.Token)}|{IdentityText(c.Identity)}",
        IdentityEstablished i => $"{i.At}|{IdentityText(i.Identity)}",
        Complete c => $"{c.Provider}|{c.AttemptId}|{c.BindingHash}|{string.Join(",", c.CallbackParameters)}",
        Begin b => $"{b.Provider}|{b.AttemptId}|{b.RedirectUri}|{b.BindingHash}|{string.Join(",", b.ExtraParameters)}|{b.TraceParent}",
        AttemptStarted s => s with { CodeVerifier = null, Nonce = null } + "|" + s.CodeVerifier?.Value + "|" + s.Nonce?.Value,
        RequestTokenObtained r => r.RequestToken + "|" + r.RequestTokenSecret.Value,
        CallbackAccepted a => a.At + "|" + a.Grant.Value,
        _ => message.ToString()!,
    };

    private static LoginIdentity Identity() => new("dev", "https://issuer-s3cr3t.example", "subject-s3cr3t")
    {
        FromIdToken = true,
        IdTokenClaims = [new("sub", "subject-s3cr3t"), new("nonce", "nonce-s3cr3t")],
        Claims = [new("email", "email-s3cr3t@example.test")],
        UserInfo = "{\"sub\":\"subject-s3cr3t\"}",
    };

    private static string IdentityText(LoginIdentity? i) =>
        i is null ? "null" : $"{i.Provider}|{i.Issuer}|{i.Subject}|{i.FromIdToken}|{string.Join(",", i.IdTokenClaims)}|{string.Join(",", i.Claims)}|{i.UserInfo}";

    private static string TokenText(OAuthToken token) => token switch
    {
        OAuth2Token t => $"{t.AccessToken}|{t.TokenType}|{t.RefreshToken}|{t.Scope}|{t.ExpiresAt}",
        OAuth1Token t => $"{t.Token}|{t.TokenSecret}|{string.Join(",", t.Extra)}",
        _ => "?",
    };
}
