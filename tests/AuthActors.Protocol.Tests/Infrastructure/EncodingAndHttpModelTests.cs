using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Infrastructure;

/// <summary>Form encoding, base64url, constant-time comparison and the plain-data HTTP model.</summary>
public sealed class EncodingAndHttpModelTests
{
    [Theory]
    [InlineData("a b~c", "a+b%7Ec")] // the documented example
    [InlineData("AZaz09*-._", "AZaz09*-._")]
    [InlineData("+/=&%:", "%2B%2F%3D%26%25%3A")]
    [InlineData("\u00e9", "%C3%A9")]
    public void Form_component_encoding_follows_the_url_standard_serializer(string value, string expected)
    {
        Assert.Equal(expected, FormEncoding.EncodeComponent(value));
    }

    [Fact]
    public void Form_parse_handles_plus_missing_values_empty_segments_and_a_leading_question_mark()
    {
        Assert.Equal(Params.Of(("a", "1 2"), ("b", ""), ("c", "="), ("a", "3")), FormEncoding.Parse("?a=1+2&&b&c=%3D&a=3&"));
        Assert.Empty(FormEncoding.Parse(null));
        Assert.Empty(FormEncoding.Parse("?"));
    }

    [Fact]
    public void Form_write_uses_rfc_3986_encoding_and_round_trips_through_parse()
    {
        var parameters = Params.Of(("redirect_uri", "https://a/cb?x=1"), ("scope", "a b+c"), ("e", "\u00e9"));

        var written = FormEncoding.Write(parameters);

        Assert.Equal("redirect_uri=https%3A%2F%2Fa%2Fcb%3Fx%3D1&scope=a%20b%2Bc&e=%C3%A9", written);
        Assert.Equal(parameters, FormEncoding.Parse(written));
    }

    [Theory]
    [InlineData("https://a/b", "https://a/b?y=2")]
    [InlineData("https://a/b?x=1", "https://a/b?x=1&y=2")]
    [InlineData("https://a/b?", "https://a/b?y=2")]
    [InlineData("https://a/b?x=1&", "https://a/b?x=1&y=2")]
    [InlineData("https://a/b?x=1#frag", "https://a/b?x=1&y=2#frag")]
    [InlineData("https://a/b#frag", "https://a/b?y=2#frag")]
    public void Appending_to_a_query_keeps_the_existing_query_and_the_fragment(string url, string expected)
    {
        Assert.Equal(expected, FormEncoding.AppendQuery(url, Params.Of(("y", "2"))));
        Assert.Equal(url, FormEncoding.AppendQuery(url, []));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(84)]
    [InlineData(85)]
    [InlineData(1000)]
    public void Values_of_any_length_encode_as_rfc_3986_says_and_one_call_leaves_nothing_in_the_next(int length)
    {
        // Mixed 1-, 2- and 3-byte UTF-8 and reserved characters. Up to 84 characters the encoder's worst case fits the
        // 256 bytes it keeps on the stack; from 85 on it rents a buffer.
        var value = string.Concat(Enumerable.Range(0, length).Select(i => "a\u00e9 /\u20ac~"[i % 6]));

        Assert.Equal(Uri.EscapeDataString(value), PercentEncoding.Encode(value));
        Assert.Equal("k=" + Uri.EscapeDataString(value), FormEncoding.Write(Params.Of(("k", value))));
        Assert.Equal("https://a/b?k=" + Uri.EscapeDataString(value) + "#f", FormEncoding.AppendQuery("https://a/b#f", Params.Of(("k", value))));
        Assert.Equal("x=1", FormEncoding.Write(Params.Of(("x", "1"))));
        Assert.Equal("https://c/?y=2", FormEncoding.AppendQuery("https://c/", Params.Of(("y", "2"))));
    }

    [Fact]
    public void Base64url_is_unpadded_and_rejects_invalid_text()
    {
        Assert.Equal("-_8", Base64Url.Encode([0xFB, 0xFF]));
        Assert.Equal(new byte[] { 0xFB, 0xFF }, Base64Url.TryDecode("-_8"));
        Assert.Null(Base64Url.TryDecode("+/8="));
        Assert.Null(Base64Url.TryDecode("a"));
    }

    [Fact]
    public void Constant_time_equality_is_exact_and_false_for_null()
    {
        Assert.True(ConstantTime.Equals("state-\u00e9", "state-\u00e9"));
        Assert.False(ConstantTime.Equals("state", "State"));
        Assert.False(ConstantTime.Equals("state", "state "));
        Assert.False(ConstantTime.Equals(null, null));
        Assert.False(ConstantTime.Equals("a", null));
    }

    [Fact]
    public void Request_helpers_replace_headers_case_insensitively_and_edit_forms()
    {
        var request = OAuthHttpRequest.Create("get", "https://a/b")
            .WithHeader("accept", "text/html")
            .WithHeader("Accept", "application/json")
            .WithFormFields(Params.Of(("a", "1"), ("b", "2"), ("a", "3")))
            .WithoutFormField("a");

        Assert.Equal("GET", request.Method);
        Assert.Equal("application/json", Assert.Single(request.Headers).Value);
        Assert.Equal("application/json", request.Header("ACCEPT"));
        Assert.Equal(Params.Of(("b", "2")), request.Form);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("text/javascript", true)] // what some older token endpoints (Facebook) answer with
    [InlineData("text/plain", false)]
    [InlineData(null, false)]
    public void Response_json_detection_uses_the_media_type(string? mediaType, bool isJson)
    {
        Assert.Equal(isJson, new OAuthHttpResponse(200, mediaType, "{}", []).IsJson);
    }

    [Fact]
    public void Response_status_helpers_distinguish_success_http_errors_and_transport_failures()
    {
        Assert.True(OAuthHttpResponse.Json(204, string.Empty).IsSuccessStatus);
        Assert.False(OAuthHttpResponse.Json(302, string.Empty).IsSuccessStatus);
        Assert.True(OAuthHttpResponse.Failed("reset").IsTransportFailure);
        Assert.Equal("no response (reset)", OAuthHttpResponse.Failed("reset").ToString());
        Assert.Equal("HTTP 400 application/json", OAuthHttpResponse.Json(400, "{}").ToString());
    }
}
