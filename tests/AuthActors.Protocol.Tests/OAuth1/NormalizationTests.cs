using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>Each normalization rule of RFC 5849 §3.4.1 and the encoding of §3.6, one at a time.</summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData("get", "GET&")]
    [InlineData("Post", "POST&")]
    [InlineData("M-SEARCH", "M-SEARCH&")]
    public void Base_string_starts_with_the_uppercased_method(string method, string prefix)
    {
        Assert.StartsWith(prefix, SignatureBaseString.Build(method, "http://example.com/", []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTPS://API.Example.COM/Items/A", "https://api.example.com/Items/A")] // path case is kept
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("http://example.com:8080/a", "http://example.com:8080/a")]
    [InlineData("https://example.com:80/a", "https://example.com:80/a")] // 80 is not https's default
    [InlineData("http://example.com:443/a", "http://example.com:443/a")] // 443 is not http's default
    [InlineData("http://example.com/a?x=1#frag", "http://example.com/a")]
    [InlineData("http://example.com/a#frag?x=1", "http://example.com/a")]
    [InlineData("http://example.com?x=1", "http://example.com/")]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://example.com/r%20v/%7Euser", "http://example.com/r%20v/%7Euser")] // path bytes as sent
    public void Base_string_uri_is_normalized(string url, string expected)
    {
        Assert.Equal(expected, SignatureBaseString.BaseStringUri(url));
    }

    [Theory]
    [InlineData("ftp://example.com/a")]
    [InlineData("/relative")]
    [InlineData("not a url")]
    public void Base_string_uri_rejects_what_is_not_an_absolute_http_url(string url)
    {
        Assert.Throws<ArgumentException>(() => SignatureBaseString.BaseStringUri(url));
    }

    [Fact]
    public void Query_parameters_are_collected_and_the_fragment_is_not()
    {
        var collected = SignatureBaseString.CollectParameters("http://example.com/a?x=1&y=a+b#z=2", null, null);

        Assert.Equal(Params.Of(("x", "1"), ("y", "a b")), collected);
    }

    [Fact]
    public void Form_body_is_collected_only_when_there_is_a_form()
    {
        var credentials = new OAuth1Credentials("ck", "cs");
        var json = new OAuthHttpRequest("POST", "https://example.com/a", [], Body: "x=1", ContentType: "application/json");
        var form = new OAuthHttpRequest("POST", "https://example.com/a", [], Form: Params.Of(("x", "1")));

        var jsonBase = RequestSigner.BaseStringFor(json, credentials, "n", 1);
        var formBase = RequestSigner.BaseStringFor(form, credentials, "n", 1);

        Assert.DoesNotContain("%26x%3D1", jsonBase, StringComparison.Ordinal); // a non-form body that looks like a form is not read
        Assert.EndsWith("%26x%3D1", formBase, StringComparison.Ordinal);
    }

    [Fact]
    public void Oauth_signature_and_realm_are_excluded_from_collected_parameters()
    {
        var collected = SignatureBaseString.CollectParameters("http://example.com/?oauth_signature=q",
            Params.Of(("realm", "r"), ("oauth_nonce", "n"), ("oauth_signature", "h")), Params.Of(("oauth_signature", "f")));

        Assert.Equal(Params.Of(("oauth_nonce", "n")), collected);
    }

    [Fact]
    public void Parameters_sort_by_encoded_name_then_encoded_value_in_byte_order_keeping_duplicates()
    {
        var normalized = SignatureBaseString.NormalizeParameters(Params.Of(
            ("a", "2"), ("b", "x"), ("a", "10"), ("A", "z"), ("a", "1"), ("a", "1")));

        Assert.Equal("A=z&a=1&a=1&a=10&a=2&b=x", normalized);
    }

    [Fact]
    public void Parameters_sort_by_their_encoded_form_not_their_decoded_form()
    {
        // Decoded, "a-" (0x2D) sorts before "a=" (0x3D); encoded, "a%3D" ('%' is 0x25) sorts before "a-".
        var normalized = SignatureBaseString.NormalizeParameters(Params.Of(("a-", "2"), ("a=", "1"), ("c", "-"), ("c", "=")));

        Assert.Equal("a%3D=1&a-=2&c=%3D&c=-", normalized);
    }

    [Fact]
    public void Empty_values_keep_their_equals_sign()
    {
        Assert.Equal("a=&b=", SignatureBaseString.NormalizeParameters(Params.Of(("b", ""), ("a", ""))));
    }

    [Theory]
    [InlineData("AZaz09-._~", "AZaz09-._~")] // unreserved, ~ included
    [InlineData("a b", "a%20b")] // never "+"
    [InlineData("+", "%2B")]
    [InlineData("!*'();:@&=$,/?#[]", "%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%2F%3F%23%5B%5D")]
    [InlineData("%", "%25")]
    [InlineData("\u00e9", "%C3%A9")] // UTF-8, uppercase hex
    [InlineData("\u20ac", "%E2%82%AC")]
    [InlineData("\U0001F600", "%F0%9F%98%80")] // a surrogate pair is one 4-byte character
    [InlineData("", "")]
    public void Percent_encoding_follows_rfc_5849_section_3_6(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(value));
    }

    [Theory]
    [InlineData("a%20b", false, "a b")]
    [InlineData("a+b", false, "a+b")]
    [InlineData("a+b", true, "a b")]
    [InlineData("%c3%a9", false, "\u00e9")] // lowercase hex decodes too
    [InlineData("100%", false, "100%")] // malformed escapes stay literal
    [InlineData("%zz%4", false, "%zz%4")]
    [InlineData("\u00e9%20x", false, "\u00e9 x")]
    [InlineData("\U0001F600+%F0%9F%9A%80", true, "\U0001F600 \U0001F680")] // raw astral character next to escapes
    public void Percent_decoding_reverses_one_level_of_encoding(string value, bool plusIsSpace, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(value, plusIsSpace));
    }

    [Fact]
    public void Query_value_with_a_raw_emoji_and_a_plus_is_signed_as_its_utf8_bytes()
    {
        var collected = SignatureBaseString.CollectParameters("https://example.com/s?q=\U0001F600+rocket", null, null);

        Assert.Equal("q=%F0%9F%98%80%20rocket", SignatureBaseString.NormalizeParameters(collected));
    }

    [Fact]
    public void Hmac_key_keeps_the_ampersand_when_the_token_secret_is_empty_or_absent()
    {
        Assert.Equal("cs&", Signatures.Key("cs", null));
        Assert.Equal("cs&", Signatures.Key("cs", string.Empty));
        Assert.Equal("&ts", Signatures.Key(string.Empty, "ts"));
        Assert.Equal("c%20s%26&t%2Bs", Signatures.Key("c s&", "t+s")); // both secrets are encoded
    }

    [Fact]
    public void Temporary_credential_request_signs_with_an_empty_token_secret_and_no_token()
    {
        var credentials = new OAuth1Credentials("ck", "cs") { Token = "ignored", TokenSecret = "ignored-secret" };

        var request = OAuth1Messages.RequestToken("https://example.com/initiate", credentials, "oob", "n", 1);

        var header = AuthorizationHeader.TryParse(request.Header("Authorization"))!;
        var baseString = SignatureBaseString.Build("POST", request.Url, SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        Assert.Null(header.First("oauth_token"));
        Assert.True(Signatures.Verify(OAuth1SignatureMethod.HmacSha1, baseString, header.First("oauth_signature")!, "cs", string.Empty));
    }
}
