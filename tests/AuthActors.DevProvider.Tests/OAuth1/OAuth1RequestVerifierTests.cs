using AuthActors.DevProvider.OAuth1;
using AuthActors.DevProvider.Stores;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.DevProvider.Tests.OAuth1;

/// <summary>The verifier against the examples of RFC 5849.</summary>
public sealed class OAuth1RequestVerifierTests
{
    // RFC 5849 §3.1/§3.4.1: the example request whose base string the RFC spells out. The signature printed in
    // the RFC, "bYT5CMsGcbgUdFHObYMEfcx6bsw=", is not the HMAC-SHA1 of that base string under the example's
    // secrets (client "j49sk3j29djd", token "dh893hdasih9"): RFC errata 2550 corrects it to
    // "r6/TJjbCOr97/+UU0NsvSne7s5g=", which is what any HMAC-SHA1 of the printed base string gives.
    private const string Errata2550Signature = "r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D";
    private const string PrintedSignature = "bYT5CMsGcbgUdFHObYMEfcx6bsw%3D";
    private const string Rfc341Url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    private const string Rfc341Body = "c2&a3=2+q";

    private static string Rfc341Header(string signature = Errata2550Signature, string nonce = "7d8f3e4a") =>
        "OAuth realm=\"Example\", oauth_consumer_key=\"9djdj82h48djs9d2\", oauth_token=\"kkk9d7dh3k39sjv7\", " +
        $"oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"{nonce}\", oauth_signature=\"{signature}\"";

    private static OAuth1Verification Verify341(string url = Rfc341Url, string body = Rfc341Body, string? header = null, NonceStore? nonces = null)
    {
        var verifier = new OAuth1RequestVerifier(ManualClock.AtUnix(137131201), TimeSpan.FromMinutes(5), nonces ?? new NonceStore());
        var consumer = new DevOAuth1Client { ConsumerKey = "9djdj82h48djs9d2", ConsumerSecret = "j49sk3j29djd" };
        return verifier.Verify(
            new OAuth1Request("POST", url, header ?? Rfc341Header(), FormEncoding.Parse(body), null),
            key => key == consumer.ConsumerKey ? consumer : null,
            OAuth1TokenUse.Required,
            (key, token) => key == consumer.ConsumerKey && token == "kkk9d7dh3k39sjv7" ? "dh893hdasih9" : null);
    }

    [Fact]
    public void Rfc5849_3_4_1_example_verifies_with_the_errata_2550_signature()
    {
        var result = Verify341();

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal("9djdj82h48djs9d2", result.Consumer!.ConsumerKey);
        Assert.Equal("kkk9d7dh3k39sjv7", result.Token);
    }

    [Fact]
    public void Rfc5849_3_4_1_signature_as_printed_does_not_verify()
    {
        // Documented above: the printed value is errata 2550's "reported" signature; a verifier that accepted it
        // would be accepting a wrong HMAC.
        Assert.Equal(OAuth1Problems.SignatureInvalid, Verify341(header: Rfc341Header(PrintedSignature)).Problem);
    }

    [Theory]
    [InlineData("s6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D")] // first byte changed
    [InlineData("r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5h%3D")] // a late byte changed
    [InlineData("r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g")] // padding dropped
    [InlineData("")]
    public void Rfc5849_3_4_1_example_fails_with_another_signature(string signature)
    {
        var result = Verify341(header: Rfc341Header(signature));

        Assert.False(result.IsValid);
        Assert.Equal(signature.Length == 0 ? OAuth1Problems.ParameterAbsent : OAuth1Problems.SignatureInvalid, result.Problem);
        Assert.Equal(signature.Length == 0 ? 400 : 401, result.Status);
    }

    [Theory]
    [InlineData("http://example.com/request?b5=%3D%253D&a3=b&c%40=&a2=r%20b", Rfc341Body)] // query value
    [InlineData("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b&x=1", Rfc341Body)] // extra query parameter
    [InlineData("http://example.com/Request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", Rfc341Body)] // path case
    [InlineData("https://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", Rfc341Body)] // scheme
    [InlineData("http://example.com:8080/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", Rfc341Body)] // port
    [InlineData(Rfc341Url, "c2&a3=2+r")] // body value
    [InlineData(Rfc341Url, "c2=x&a3=2+q")] // empty value filled
    public void Rfc5849_3_4_1_example_fails_when_a_parameter_changes(string url, string body)
    {
        var result = Verify341(url, body);

        Assert.Equal(OAuth1Problems.SignatureInvalid, result.Problem);
        Assert.Equal(401, result.Status);
    }

    [Fact]
    public void Changed_nonce_breaks_the_signature()
    {
        Assert.Equal(OAuth1Problems.SignatureInvalid, Verify341(header: Rfc341Header(nonce: "7d8f3e4b")).Problem);
    }

    [Fact]
    public void Default_port_and_host_case_do_not_matter()
    {
        // §3.4.1.2: scheme and host are lowercased and the default port dropped.
        Assert.True(Verify341("http://EXAMPLE.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").IsValid);
    }

    [Fact]
    public void Replayed_nonce_is_refused()
    {
        var nonces = new NonceStore();
        Assert.True(Verify341(nonces: nonces).IsValid);

        var replay = Verify341(nonces: nonces);

        Assert.Equal(OAuth1Problems.NonceUsed, replay.Problem);
        Assert.Equal(401, replay.Status);
    }

    [Fact]
    public void Failed_request_does_not_burn_the_nonce()
    {
        var nonces = new NonceStore();
        Assert.False(Verify341(header: Rfc341Header("AAAA"), nonces: nonces).IsValid);

        Assert.True(Verify341(nonces: nonces).IsValid);
    }

    [Fact]
    public void Duplicated_protocol_parameter_is_rejected()
    {
        var result = Verify341(url: Rfc341Url + "&oauth_nonce=7d8f3e4a");

        Assert.Equal(OAuth1Problems.ParameterRejected, result.Problem);
        Assert.Equal(400, result.Status);
        Assert.Contains(result.ProblemParameters, p => p.Key == OAuth1Problems.ParametersRejected && p.Value == "oauth_nonce");
    }
}
