using System.Security.Cryptography;
using AuthActors.DevProvider.OAuth1;
using AuthActors.DevProvider.Stores;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;

namespace AuthActors.DevProvider.Tests.OAuth1;

/// <summary>The verifier's rules (RFC 5849 §3.2) on requests signed by the Protocol's own signer.</summary>
public sealed class OAuth1VerifierRulesTests
{
    private const long Now = 1_750_000_000;
    private const string Url = "https://api.example.test/resource?x=1";
    private static readonly RSA Rsa = RSA.Create(2048);

    private readonly DevOAuth1Client _consumer = new() { ConsumerKey = "ck", ConsumerSecret = "cs", RsaPublicKey = Rsa };

    private OAuth1Verification Verify(OAuthHttpRequest signed, long now = Now, NonceStore? nonces = null)
    {
        var verifier = new OAuth1RequestVerifier(ManualClock.AtUnix(now), TimeSpan.FromMinutes(5), nonces ?? new NonceStore());
        return verifier.Verify(
            new OAuth1Request(signed.Method, signed.Url, signed.Header("Authorization"), signed.Form, signed.Form is null ? signed.Body : null),
            key => key == _consumer.ConsumerKey ? _consumer : null,
            OAuth1TokenUse.Required,
            (key, token) => key == "ck" && token == "tk" ? "ts" : null);
    }

    private static OAuthHttpRequest Sign(OAuthHttpRequest request, OAuth1Credentials? credentials = null, long timestamp = Now, string nonce = "n1") =>
        RequestSigner.Sign(request, credentials ?? Credentials(), nonce, timestamp);

    private static OAuth1Credentials Credentials(OAuth1SignatureMethod method = OAuth1SignatureMethod.HmacSha1, OAuth1SignatureType type = OAuth1SignatureType.Header) =>
        new("ck", "cs") { Token = "tk", TokenSecret = "ts", SignatureMethod = method, SignatureType = type, RsaPrivateKey = Rsa };

    [Theory]
    [InlineData(OAuth1SignatureMethod.HmacSha1)]
    [InlineData(OAuth1SignatureMethod.HmacSha256)]
    [InlineData(OAuth1SignatureMethod.RsaSha1)]
    [InlineData(OAuth1SignatureMethod.RsaSha256)]
    [InlineData(OAuth1SignatureMethod.Plaintext)]
    public void Every_signature_method_verifies(OAuth1SignatureMethod method)
    {
        Assert.True(Verify(Sign(OAuthHttpRequest.Create("GET", Url), Credentials(method))).IsValid);
    }

    [Theory]
    [InlineData(OAuth1SignatureType.Query)]
    [InlineData(OAuth1SignatureType.Body)]
    public void Parameters_in_query_or_body_verify(OAuth1SignatureType type)
    {
        var request = OAuthHttpRequest.PostForm(Url, [new("status", "hello world+1")]);
        Assert.True(Verify(Sign(request, Credentials(type: type))).IsValid);
    }

    [Fact]
    public void Rsa_without_a_registered_key_is_rejected()
    {
        _consumer.RsaPublicKey = null;
        var result = Verify(Sign(OAuthHttpRequest.Create("GET", Url), Credentials(OAuth1SignatureMethod.RsaSha256)));
        Assert.Equal((400, OAuth1Problems.SignatureMethodRejected), (result.Status, result.Problem));
    }

    [Fact]
    public void Rsa_signature_by_another_key_is_invalid()
    {
        using var other = RSA.Create(2048);
        var result = Verify(Sign(OAuthHttpRequest.Create("GET", Url), Credentials(OAuth1SignatureMethod.RsaSha1) with { RsaPrivateKey = other }));
        Assert.Equal(OAuth1Problems.SignatureInvalid, result.Problem);
    }

    [Theory]
    [InlineData(Now - 301)]
    [InlineData(Now + 301)]
    public void Timestamp_outside_the_window_is_refused(long timestamp)
    {
        var result = Verify(Sign(OAuthHttpRequest.Create("GET", Url), timestamp: timestamp));
        Assert.Equal((401, OAuth1Problems.TimestampRefused), (result.Status, result.Problem));
        Assert.Contains(result.ProblemParameters, p => p.Key == OAuth1Problems.AcceptableTimestamps && p.Value == $"{Now - 300}-{Now + 300}");
    }

    [Fact]
    public void Timestamp_at_the_edge_of_the_window_is_accepted()
    {
        Assert.True(Verify(Sign(OAuthHttpRequest.Create("GET", Url), timestamp: Now - 300)).IsValid);
    }

    [Fact]
    public void Unknown_consumer_and_token_are_rejected()
    {
        var unknownConsumer = Verify(Sign(OAuthHttpRequest.Create("GET", Url), Credentials() with { ClientId = "nobody" }));
        var unknownToken = Verify(Sign(OAuthHttpRequest.Create("GET", Url), Credentials() with { Token = "other" }));

        Assert.Equal((401, OAuth1Problems.ConsumerKeyUnknown), (unknownConsumer.Status, unknownConsumer.Problem));
        Assert.Equal((401, OAuth1Problems.TokenRejected), (unknownToken.Status, unknownToken.Problem));
    }

    [Fact]
    public void Unknown_method_version_and_missing_parameters_are_bad_requests()
    {
        var header = "OAuth oauth_consumer_key=\"ck\", oauth_token=\"tk\", oauth_signature_method=\"HMAC-MD5\", oauth_timestamp=\"1750000000\", oauth_nonce=\"n\", oauth_signature=\"x\"";
        var badMethod = Verify(OAuthHttpRequest.Create("GET", Url).WithHeader("Authorization", header));
        var badVersion = Verify(OAuthHttpRequest.Create("GET", Url).WithHeader("Authorization", header.Replace("HMAC-MD5", "HMAC-SHA1") + ", oauth_version=\"2.0\""));
        var missing = Verify(OAuthHttpRequest.Create("GET", Url).WithHeader("Authorization", "OAuth oauth_consumer_key=\"ck\", oauth_signature_method=\"HMAC-SHA1\""));

        Assert.Equal((400, OAuth1Problems.SignatureMethodRejected), (badMethod.Status, badMethod.Problem));
        Assert.Equal((400, OAuth1Problems.VersionRejected), (badVersion.Status, badVersion.Problem));
        Assert.Equal((400, OAuth1Problems.ParameterAbsent), (missing.Status, missing.Problem));
        Assert.Equal("oauth_signature&oauth_timestamp&oauth_nonce&oauth_token", missing.ProblemParameters.Single().Value);
    }

    [Fact]
    public void Body_hash_of_a_non_form_body_is_checked()
    {
        var json = new OAuthHttpRequest("POST", Url, [], Body: "{\"a\":1}", ContentType: "application/json");
        var signed = Sign(json);

        Assert.True(Verify(signed).IsValid);
        Assert.Equal(OAuth1Problems.SignatureInvalid, Verify(signed with { Body = "{\"a\":2}" }).Problem);
    }

    [Fact]
    public void Nonce_is_unique_per_timestamp_only()
    {
        var nonces = new NonceStore();
        Assert.True(Verify(Sign(OAuthHttpRequest.Create("GET", Url)), nonces: nonces).IsValid);
        Assert.True(Verify(Sign(OAuthHttpRequest.Create("GET", Url), timestamp: Now + 1), nonces: nonces).IsValid);
        Assert.Equal(OAuth1Problems.NonceUsed, Verify(Sign(OAuthHttpRequest.Create("GET", Url)), nonces: nonces).Problem);
    }
}
