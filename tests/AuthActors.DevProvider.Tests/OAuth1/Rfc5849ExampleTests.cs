using AuthActors.DevProvider.OAuth1;
using AuthActors.DevProvider.Stores;
using AuthActors.DevProvider.Tests.Support;

namespace AuthActors.DevProvider.Tests.OAuth1;

/// <summary>
/// The requests of RFC 5849 §1.2 (the printer and photos walk-through) and §2.1 (PLAINTEXT). All three §1.2
/// HMAC-SHA1 signatures reproduce as printed (unlike the §3.1 example, see <see cref="OAuth1RequestVerifierTests"/>).
/// </summary>
public sealed class Rfc5849ExampleTests
{
    private static readonly DevOAuth1Client Printer = new() { ConsumerKey = "dpf43f3p2l4k3l03", ConsumerSecret = "kd94hf93k423kf44" };

    private static OAuth1Verification Verify(string method, string url, string header, long timestamp, OAuth1TokenUse use,
        string? token = null, string? tokenSecret = null, DevOAuth1Client? consumer = null)
    {
        consumer ??= Printer;
        var verifier = new OAuth1RequestVerifier(ManualClock.AtUnix(timestamp), TimeSpan.FromMinutes(5), new NonceStore());
        return verifier.Verify(new OAuth1Request(method, url, header, method == "POST" ? [] : null, null),
            key => key == consumer.ConsumerKey ? consumer : null, use,
            (_, t) => t == token ? tokenSecret : null);
    }

    [Fact]
    public void Rfc5849_1_2_temporary_credential_request()
    {
        var result = Verify("POST", "https://photos.example.net/initiate",
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_signature_method=\"HMAC-SHA1\", " +
            "oauth_timestamp=\"137131200\", oauth_nonce=\"wIjqoS\", oauth_callback=\"http%3A%2F%2Fprinter.example.com%2Fready\", " +
            "oauth_signature=\"74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D\"",
            137131200, OAuth1TokenUse.None);

        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public void Rfc5849_1_2_token_request()
    {
        var result = Verify("POST", "https://photos.example.net/token",
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"hh5s93j4hdidpola\", " +
            "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131201\", oauth_nonce=\"walatlh\", " +
            "oauth_verifier=\"hfdp7dh39dks9884\", oauth_signature=\"gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D\"",
            137131201, OAuth1TokenUse.Required, "hh5s93j4hdidpola", "hdhd0244k9j7ao03");

        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public void Rfc5849_1_2_resource_request()
    {
        var result = Verify("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original",
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"nnch734d00sl2jdk\", " +
            "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", " +
            "oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"",
            137131202, OAuth1TokenUse.Required, "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");

        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public void Rfc5849_2_1_plaintext_request_without_timestamp_and_nonce()
    {
        var consumer = new DevOAuth1Client { ConsumerKey = "jd83jd92dhsh93js", ConsumerSecret = "ja893SD9" };
        var result = Verify("POST", "https://server.example.com/request_temp_credentials",
            "OAuth realm=\"Example\", oauth_consumer_key=\"jd83jd92dhsh93js\", oauth_signature_method=\"PLAINTEXT\", " +
            "oauth_callback=\"http%3A%2F%2Fclient.example.net%2Fcb%3Fx%3D1\", oauth_signature=\"ja893SD9%26\"",
            1_700_000_000, OAuth1TokenUse.None, consumer: consumer);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal("http://client.example.net/cb?x=1", result.Parameters["oauth_callback"]);
    }
}
