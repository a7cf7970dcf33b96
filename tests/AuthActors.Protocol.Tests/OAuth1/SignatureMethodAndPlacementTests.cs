using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>
/// The signature methods beyond HMAC-SHA1 and the three placements of RFC 5849 §3.5. Expected values for
/// HMAC-SHA256, RSA-SHA256 and body hashes were computed independently with <c>openssl dgst</c>.
/// </summary>
public sealed class SignatureMethodAndPlacementTests
{
    private const string Url = "https://api.example.com/v1/items?a=1";

    private static string BaseFor(string method) =>
        $"GET&https%3A%2F%2Fapi.example.com%2Fv1%2Fitems&a%3D1%26oauth_consumer_key%3Dck%26oauth_nonce%3Dn1%26oauth_signature_method%3D{method}%26oauth_timestamp%3D1700000000%26oauth_version%3D1.0";

    [Fact]
    public void Hmac_sha256_signs_the_base_string_with_the_encoded_secrets()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { TokenSecret = "ts", SignatureMethod = OAuth1SignatureMethod.HmacSha256 };
        var request = OAuthHttpRequest.Create("GET", Url);

        Assert.Equal(BaseFor("HMAC-SHA256"), RequestSigner.BaseStringFor(request, credentials, "n1", 1700000000));
        // printf '%s' "$BASE" | openssl dgst -sha256 -hmac 'cs&ts' -binary | base64
        Assert.Equal("XtSOcxxiOupIW0ApfuAjVU4tTBM4j735BVTBqerK9DI=", SignatureOf(RequestSigner.Sign(request, credentials, "n1", 1700000000)));
    }

    [Fact]
    public void Rsa_sha256_signs_with_pkcs1_v1_5_and_verifies_with_the_public_key()
    {
        using var key = TestKeys.OAuthTestCasesRsa();
        using var publicKey = TestKeys.PublicOnly(key);
        var credentials = new OAuth1Credentials("ck", string.Empty) { SignatureMethod = OAuth1SignatureMethod.RsaSha256, RsaPrivateKey = key };

        var signature = SignatureOf(RequestSigner.Sign(OAuthHttpRequest.Create("GET", Url), credentials, "n1", 1700000000))!;

        // printf '%s' "$BASE" | openssl dgst -sha256 -sign key.pem | base64
        Assert.Equal("molkDIpqmtzTsOrX7QrNRjzzDTEaZXrFHbjXERVjMwGRGluaMsC8OfjeYlVDpb0cI4A1bwYu7pVbpSbEd6dOsY6gul46mTMyUaeBTPBCK+zJqIzKm5ceBBP7kBCEuGPO4JqPKxBll5U//pZNpTYvci4p5IWxSd7tfsqtjhXKts4=", signature);
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.RsaSha256, BaseFor("RSA-SHA256"), signature, string.Empty, null, publicKey));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.RsaSha1, BaseFor("RSA-SHA256"), signature, string.Empty, null, publicKey));
    }

    [Fact]
    public void Rsa_method_without_a_private_key_is_a_clear_error()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { SignatureMethod = OAuth1SignatureMethod.RsaSha1 };

        var error = Assert.Throws<InvalidOperationException>(() => RequestSigner.Sign(OAuthHttpRequest.Create("GET", Url), credentials, "n", 1));

        Assert.Contains("RSA private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_signature_is_the_key_and_ignores_the_base_string()
    {
        Assert.Equal("c%26s&t%20s", Signatures.Sign(OAuth1SignatureMethod.Plaintext, "anything", "c&s", "t s"));
        Assert.Equal("c%26s&t%20s", Signatures.Sign(OAuth1SignatureMethod.Plaintext, "something else", "c&s", "t s"));
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.Plaintext, "x", "cs&", "cs", null));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.Plaintext, "x", "cs&ts", "cs", null));
    }

    [Theory]
    [InlineData(OAuth1SignatureMethod.HmacSha1, "HMAC-SHA1")]
    [InlineData(OAuth1SignatureMethod.HmacSha256, "HMAC-SHA256")]
    [InlineData(OAuth1SignatureMethod.RsaSha1, "RSA-SHA1")]
    [InlineData(OAuth1SignatureMethod.RsaSha256, "RSA-SHA256")]
    [InlineData(OAuth1SignatureMethod.Plaintext, "PLAINTEXT")]
    public void Signature_method_wire_names_round_trip(OAuth1SignatureMethod method, string wireName)
    {
        Assert.Equal(wireName, method.ToWireName());
        Assert.Equal(method, OAuth1SignatureMethods.FromWireName(wireName));
        Assert.Null(OAuth1SignatureMethods.FromWireName(wireName.ToLowerInvariant())); // names are case-sensitive
    }

    [Fact]
    public void Query_placement_appends_the_oauth_parameters_after_the_existing_query_and_verifies()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { Token = "tk", TokenSecret = "ts", SignatureType = OAuth1SignatureType.Query };

        var signed = RequestSigner.Sign(OAuthHttpRequest.Create("GET", "https://api.example.com/v1/items?a=1&b=x%20y"), credentials, "n1", 1700000000);

        Assert.Null(signed.Header("Authorization"));
        Assert.StartsWith("https://api.example.com/v1/items?a=1&b=x%20y&oauth_consumer_key=ck&oauth_token=tk&", signed.Url, StringComparison.Ordinal);
        var query = Params.QueryOf(signed.Url);
        var baseString = SignatureBaseString.Build(signed.Method, signed.Url, SignatureBaseString.CollectParameters(signed.Url, null, signed.Form));
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, query.First("oauth_signature")!, "cs", "ts"));
    }

    [Fact]
    public void Body_placement_appends_the_oauth_parameters_after_the_form_fields_and_verifies()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { Token = "tk", TokenSecret = "ts", SignatureType = OAuth1SignatureType.Body };
        var request = OAuthHttpRequest.PostForm("https://api.example.com/v1/items?a=1", Params.Of(("status", "hi there")));

        var signed = RequestSigner.Sign(request, credentials, "n1", 1700000000);

        Assert.Null(signed.Header("Authorization"));
        Assert.Equal("https://api.example.com/v1/items?a=1", signed.Url);
        Assert.Equal(P("status", "hi there"), signed.Form![0]);
        Assert.Equal("oauth_signature", signed.Form[^1].Key);
        var baseString = SignatureBaseString.Build(signed.Method, signed.Url, SignatureBaseString.CollectParameters(signed.Url, null, signed.Form));
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, signed.Form.First("oauth_signature")!, "cs", "ts"));
    }

    [Fact]
    public void Body_placement_creates_a_form_for_a_request_without_body_but_refuses_a_json_body()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { SignatureType = OAuth1SignatureType.Body };

        var empty = RequestSigner.Sign(new OAuthHttpRequest("POST", Url, []), credentials, "n", 1);
        var json = new OAuthHttpRequest("POST", Url, [], Body: "{}", ContentType: "application/json");

        Assert.NotNull(empty.Form!.First("oauth_signature"));
        Assert.Throws<InvalidOperationException>(() => RequestSigner.Sign(json, credentials, "n", 1));
    }

    [Fact]
    public void Json_body_is_covered_by_an_oauth_body_hash_that_is_signed()
    {
        var credentials = new OAuth1Credentials("ck", "cs");
        var body = "{\"text\":\"h\u00e9llo\"}";
        var request = new OAuthHttpRequest("POST", Url, [], Body: body, ContentType: "application/json");

        var signed = RequestSigner.Sign(request, credentials, "n", 1);
        var header = AuthorizationHeader.TryParse(signed.Header("Authorization"))!;

        // printf '%s' '{"text":"héllo"}' | openssl dgst -sha1 -binary | base64
        Assert.Equal("XiJT5n5rbh67BD5qmpVFqRHQg0Y=", header.First("oauth_body_hash"));
        var baseString = SignatureBaseString.Build("POST", signed.Url, SignatureBaseString.CollectParameters(signed.Url, header, null));
        Assert.Contains("oauth_body_hash%3DXiJT5n5rbh67BD5qmpVFqRHQg0Y%253D", baseString, StringComparison.Ordinal);
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", null));
    }

    [Fact]
    public void Body_hash_uses_sha256_for_the_sha256_methods()
    {
        // printf '%s' '{"text":"héllo"}' | openssl dgst -sha256 -binary | base64
        Assert.Equal("h9HspB8YB99/30sEmWKlC7NOnA69EqZq0Hs1dQLGs0w=", Signatures.BodyHash(OAuth1SignatureMethod.HmacSha256, "{\"text\":\"h\u00e9llo\"}"));
        Assert.Equal("h9HspB8YB99/30sEmWKlC7NOnA69EqZq0Hs1dQLGs0w=", Signatures.BodyHash(OAuth1SignatureMethod.RsaSha256, "{\"text\":\"h\u00e9llo\"}"));
        // draft-eaton-oauth-bodyhash-00 §3.2 example: "Hello World!" hashes to Lve95gjOVATpfV8EL5X4nxwjKHE=.
        Assert.Equal("Lve95gjOVATpfV8EL5X4nxwjKHE=", Signatures.BodyHash(OAuth1SignatureMethod.HmacSha1, "Hello World!"));
        Assert.Equal("2jmj7l5rSw0yVb/vlWAYkK/YBwk=", Signatures.BodyHash(OAuth1SignatureMethod.HmacSha1, string.Empty));
    }

    [Fact]
    public void Form_bodies_and_bodiless_requests_carry_no_body_hash()
    {
        var credentials = new OAuth1Credentials("ck", "cs");

        var form = RequestSigner.Sign(OAuthHttpRequest.PostForm(Url, Params.Of(("a", "b"))), credentials, "n", 1);
        var get = RequestSigner.Sign(OAuthHttpRequest.Create("GET", Url), credentials, "n", 1);

        Assert.DoesNotContain("oauth_body_hash", form.Header("Authorization"), StringComparison.Ordinal);
        Assert.DoesNotContain("oauth_body_hash", get.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_is_deterministic_for_a_given_nonce_and_timestamp_and_changes_with_either()
    {
        var credentials = new OAuth1Credentials("ck", "cs");
        var request = OAuthHttpRequest.Create("GET", Url);

        var a = SignatureOf(RequestSigner.Sign(request, credentials, "n1", 1));
        Assert.Equal(a, SignatureOf(RequestSigner.Sign(request, credentials, "n1", 1)));
        Assert.NotEqual(a, SignatureOf(RequestSigner.Sign(request, credentials, "n2", 1)));
        Assert.NotEqual(a, SignatureOf(RequestSigner.Sign(request, credentials, "n1", 2)));
    }

    private static KeyValuePair<string, string> P(string name, string value) => new(name, value);

    private static string? SignatureOf(OAuthHttpRequest request) =>
        AuthorizationHeader.TryParse(request.Header("Authorization"))!.First("oauth_signature");
}
