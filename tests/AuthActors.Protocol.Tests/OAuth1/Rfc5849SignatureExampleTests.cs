using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>
/// The worked example of RFC 5849 §3.1 and §3.4.1 (https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1):
/// <c>POST http://example.com/request?b5=%3D%253D&amp;a3=a&amp;c%40=&amp;a2=r%20b</c> with the form body
/// <c>c2&amp;a3=2+q</c>, checked byte for byte against the printed values.
/// </summary>
public sealed class Rfc5849SignatureExampleTests
{
    private const string Url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";

    // RFC 5849 §3.4.1.1, printed over five lines "for display purposes only".
    private static readonly string PrintedBaseString = Rfc.Unwrap("""
        POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q
        %26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_
        key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m
        ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk
        9d7dh3k39sjv7
        """);

    // RFC 5849 §3.4.1.3.2, "concatenated together into a single string".
    private static readonly string PrintedNormalizedParameters = Rfc.Unwrap("""
        a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9dj
        dj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1
        &oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7
        """);

    private static OAuthHttpRequest Request() =>
        new("POST", Url, [], FormEncoding.Parse("c2&a3=2+q"));

    private static OAuth1Credentials Credentials() => new("9djdj82h48djs9d2", "j49sk3j29djd")
    {
        Token = "kkk9d7dh3k39sjv7",
        TokenSecret = "dh893hdasih9",
        Realm = "Example",
        IncludeVersion = false, // the example sends no oauth_version (§3.4.1.3.1: omitted parameters are excluded)
    };

    [Fact]
    public void Base_string_of_the_section_3_4_1_1_example_is_exactly_as_printed()
    {
        var baseString = RequestSigner.BaseStringFor(Request(), Credentials(), "7d8f3e4a", 137131201);

        Assert.Equal(PrintedBaseString, baseString);
    }

    [Fact]
    public void Base_string_recomputed_from_the_printed_authorization_header_is_exactly_as_printed()
    {
        // What a server sees: the header of §3.4.1.1 including realm and oauth_signature, both excluded.
        var header = AuthorizationHeader.TryParse(Rfc.JoinHeader("""
            OAuth realm="Example",
               oauth_consumer_key="9djdj82h48djs9d2",
               oauth_token="kkk9d7dh3k39sjv7",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131201",
               oauth_nonce="7d8f3e4a",
               oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"
            """));

        var parameters = SignatureBaseString.CollectParameters(Url, header, FormEncoding.Parse("c2&a3=2+q"));

        Assert.Equal(PrintedBaseString, SignatureBaseString.Build("POST", Url, parameters));
    }

    [Fact]
    public void Collected_parameters_are_the_decoded_table_of_section_3_4_1_3_1()
    {
        var header = Params.Of(
            ("realm", "Example"), ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a"),
            ("oauth_signature", "djosJKDKJSD8743243/jdk33klY="));

        var collected = SignatureBaseString.CollectParameters(Url, header, FormEncoding.Parse("c2&a3=2+q"));

        // b5 is "=%3D", not "==": one level of decoding only; "+" in the body is a space.
        Assert.Equal(
            Params.Of(
                ("b5", "=%3D"), ("a3", "a"), ("c@", ""), ("a2", "r b"),
                ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"),
                ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a"),
                ("c2", ""), ("a3", "2 q")),
            collected);
    }

    [Fact]
    public void Normalized_parameters_are_exactly_the_string_of_section_3_4_1_3_2()
    {
        var collected = SignatureBaseString.CollectParameters(Url,
            Params.Of(("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"),
                ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a")),
            FormEncoding.Parse("c2&a3=2+q"));

        Assert.Equal(PrintedNormalizedParameters, SignatureBaseString.NormalizeParameters(collected));
    }

    [Fact]
    public void Signature_of_the_example_is_the_value_corrected_by_erratum_2550()
    {
        // RFC 5849 prints oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D" for client secret "j49sk3j29djd" and
        // token secret "dh893hdasih9", but HMAC-SHA1 over the printed base string with the key
        // "j49sk3j29djd&dh893hdasih9" gives r6/TJjbCOr97/+UU0NsvSne7s5g= (checked independently with
        // `openssl dgst -sha1 -hmac`). RFC 5849 has one verified erratum, EID 2550
        // (https://www.rfc-editor.org/errata/eid2550, incorporated in the rfc-editor "inline errata" rendering),
        // which public suites cite for this corrected value ("Test case from RFC5849, section 3.4.1.1 (as
        // corrected by Errata #2550)"); request/oauth-sign test.js ("example in rfc5849") asserts it too.
        var signed = RequestSigner.Sign(Request(), Credentials(), "7d8f3e4a", 137131201);

        var signature = AuthorizationHeader.TryParse(signed.Header("Authorization"))!.First("oauth_signature");
        Assert.Equal("r6/TJjbCOr97/+UU0NsvSne7s5g=", signature);
        Assert.NotEqual("bYT5CMsGcbgUdFHObYMEfcx6bsw=", signature);
        Assert.Equal("r6/TJjbCOr97/+UU0NsvSne7s5g=", Signatures.Sign(OAuth1SignatureMethod.HmacSha1, PrintedBaseString, "j49sk3j29djd", "dh893hdasih9"));
    }

    [Fact]
    public void Authorization_header_of_the_example_matches_the_printed_header_with_the_corrected_signature()
    {
        var signed = RequestSigner.Sign(Request(), Credentials(), "7d8f3e4a", 137131201);

        var expected = Rfc.JoinHeader("""
            OAuth realm="Example",
               oauth_consumer_key="9djdj82h48djs9d2",
               oauth_token="kkk9d7dh3k39sjv7",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131201",
               oauth_nonce="7d8f3e4a",
               oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"
            """);
        Assert.Equal(expected, signed.Header("Authorization"));
    }

    [Fact]
    public void Signing_leaves_url_and_form_body_unchanged_in_header_placement()
    {
        var request = Request();

        var signed = RequestSigner.Sign(request, Credentials(), "7d8f3e4a", 137131201);

        Assert.Equal(Url, signed.Url);
        Assert.Equal(request.Form, signed.Form);
    }

    [Fact]
    public void Signature_verifies_against_the_recomputed_base_string_and_fails_when_the_body_changes()
    {
        var signed = RequestSigner.Sign(Request(), Credentials(), "7d8f3e4a", 137131201);
        var header = AuthorizationHeader.TryParse(signed.Header("Authorization"))!;
        var signature = header.First("oauth_signature")!;

        var good = SignatureBaseString.Build("POST", signed.Url, SignatureBaseString.CollectParameters(signed.Url, header, signed.Form));
        var tampered = SignatureBaseString.Build("POST", signed.Url, SignatureBaseString.CollectParameters(signed.Url, header, FormEncoding.Parse("c2&a3=2+r")));

        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, good, signature, "j49sk3j29djd", "dh893hdasih9"));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, tampered, signature, "j49sk3j29djd", "dh893hdasih9"));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, good, signature, "j49sk3j29djd", "wrong"));
    }

    [Theory]
    [InlineData("http://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X")] // §3.4.1.2 first example
    [InlineData("https://www.example.net:8080/?q=1", "https://www.example.net:8080/")] // §3.4.1.2 second example
    public void Base_string_uri_matches_the_examples_of_section_3_4_1_2(string requestUrl, string expected)
    {
        Assert.Equal(expected, SignatureBaseString.BaseStringUri(requestUrl));
    }
}
