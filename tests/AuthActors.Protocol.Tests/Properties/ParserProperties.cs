using System.Text;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Providers;
using CsCheck;
using Xunit.Abstractions;

namespace AuthActors.Protocol.Tests.Properties;

/// <summary>
/// Property-based tests (CsCheck) of the parsers that read what providers and browsers send: they never throw,
/// they round-trip, and they accept only what they must. CI runs <see cref="Iterations"/> = 1,000 samples per
/// property; <c>AUTHACTORS_LONG_PROPERTIES=1</c> runs 200,000 (tests/corpus/README.md).
/// </summary>
public sealed class ParserProperties
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Samples per property: 1,000, or 200,000 with AUTHACTORS_LONG_PROPERTIES=1.</summary>
    public static long Iterations { get; } =
        Environment.GetEnvironmentVariable("AUTHACTORS_LONG_PROPERTIES") == "1" ? 200_000 : 1_000;

    // ----- generators -----

    /// <summary>Any UTF-16 code unit, lone surrogates (often) included.</summary>
    private static readonly Gen<char> AnyUnit = Gen.Frequency((3, Gen.Char['\0', '\uFFFF']), (1, Gen.Char['\uD800', '\uDFFF']));

    /// <summary>Characters that mean something to a form or a URL, and control characters.</summary>
    private static readonly Gen<char> Special = Gen.Char["%+&=?#;/ \r\n\t\0~-._\"'<>{}[]:,\\\uFEFF\uFFFD0123456789ABCDEFabcdef"];

    /// <summary>A Unicode scalar value as a string: one char, or a surrogate pair.</summary>
    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (2, Special.Select(c => c.ToString())),
        (1, Gen.Int[0, 0x10FFFF].Where(cp => cp is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32)));

    /// <summary>Well-formed UTF-16 text (no lone surrogates).</summary>
    private static readonly Gen<string> Text = Scalar.Array[0, 24].Select(string.Concat);

    /// <summary>Any UTF-16 text, lone surrogates included.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency(
        (3, Text),
        (1, Gen.Frequency((3, AnyUnit), (2, Special)).Array[0, 40].Select(a => new string(a))));

    private static readonly Gen<KeyValuePair<string, string>> Pair = Gen.Select(Text, Text, (k, v) => new KeyValuePair<string, string>(k, v));

    // ----- FormEncoding -----

    [Fact]
    public void FormEncoding_Parse_never_throws_and_gives_only_non_null_pairs() =>
        AnyText.Sample(text =>
        {
            foreach (var (name, value) in FormEncoding.Parse(text))
            {
                Assert.NotNull(name);
                Assert.NotNull(value);
            }
        }, iter: Iterations);

    [Fact]
    public void FormEncoding_Write_then_Parse_gives_the_same_pairs_in_order() =>
        Pair.List[0, 8].Sample(pairs =>
        {
            var written = FormEncoding.Write(pairs);
            Assert.Equal(pairs, FormEncoding.Parse(written));
            Assert.Equal(pairs, FormEncoding.Parse("?" + written));
        }, iter: Iterations);

    [Fact]
    public void FormEncoding_Write_never_throws_for_any_text() =>
        Gen.Select(AnyText, AnyText).List[0, 6].Sample(pairs =>
        {
            var written = FormEncoding.Write(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));
            Assert.All(written, c => Assert.True(c is '&' or '=' or '%' || IsUnreserved(c), $"'{c}' written unencoded"));
        }, iter: Iterations);

    // ----- PercentEncoding -----

    [Fact]
    public void PercentEncoding_round_trips_well_formed_text_including_surrogate_pairs() =>
        Text.Sample(text =>
        {
            var encoded = PercentEncoding.Encode(text);
            Assert.Equal(text, PercentEncoding.Decode(encoded));
            Assert.Equal(text, PercentEncoding.Decode(encoded, plusIsSpace: true));
            Assert.True(IsCanonicallyEncoded(encoded), encoded);
        }, iter: Iterations);

    [Fact]
    public void PercentEncoding_of_any_text_never_throws_and_decodes_to_its_UTF8_form() =>
        AnyText.Sample(text =>
        {
            var encoded = PercentEncoding.Encode(text);
            Assert.True(IsCanonicallyEncoded(encoded), encoded);
            // A lone surrogate has no UTF-8 form: it becomes U+FFFD, as the encoder's UTF-8 step makes it.
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), PercentEncoding.Decode(encoded));
        }, iter: Iterations);

    [Fact]
    public void PercentEncoding_Decode_never_throws_for_any_text() =>
        AnyText.Sample(text =>
        {
            Assert.NotNull(PercentEncoding.Decode(text));
            Assert.NotNull(PercentEncoding.Decode(text, plusIsSpace: true));
        }, iter: Iterations);

    // ----- OAuth 1 signature base string -----

    private static readonly Gen<string> Url = Gen.Select(
        Gen.OneOf("http", "https", "HTTP", "HttpS"),
        Gen.OneOf("example.com", "EXAMPLE.com", "127.0.0.1", "[::1]", "xn--bcher-kva.example"),
        Gen.OneOf("", ":80", ":443", ":8080", ":1"),
        Text, Text,
        (scheme, host, port, path, query) =>
            $"{scheme}://{host}{port}/{PercentEncoding.Encode(path)}?{FormEncoding.Write([new(path, query)])}");

    [Fact]
    public void SignatureBaseString_never_throws_and_encodes_everything_but_its_two_separators() =>
        Gen.Select(Gen.OneOf("GET", "post", "Put"), Url, Gen.Select(AnyText, AnyText).List[0, 8]).Sample((method, url, raw) =>
        {
            var parameters = raw.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList();
            var collected = SignatureBaseString.CollectParameters(url, parameters, null);
            var baseString = SignatureBaseString.Build(method, url, collected);
            Assert.Equal(2, baseString.Count(c => c == '&'));
            Assert.True(IsCanonicallyEncoded(baseString.Replace("&", string.Empty, StringComparison.Ordinal)), baseString);
            Assert.StartsWith(method.ToUpperInvariant() + "&http", baseString, StringComparison.Ordinal);
        }, iter: Iterations);

    [Fact]
    public void SignatureBaseString_normalization_does_not_depend_on_parameter_order() =>
        Gen.Select(AnyText, AnyText).List[0, 8].SelectMany(list => Gen.Shuffle(list.ToArray()).Select(shuffled => (list, shuffled))).Sample(t =>
        {
            static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<(string, string)> p) => p.Select(x => new KeyValuePair<string, string>(x.Item1, x.Item2));
            Assert.Equal(SignatureBaseString.NormalizeParameters(Pairs(t.list)), SignatureBaseString.NormalizeParameters(Pairs(t.shuffled)));
        }, iter: Iterations);

    // ----- OAuth 2 callbacks -----

    private static readonly Gen<string> CallbackName = Gen.Frequency(
        (6, Gen.OneOf("state", "code", "error", "iss", "error_description", "State", "")),
        (1, Text));

    [Fact]
    public void AuthorizationCallback_never_throws_and_accepts_only_its_own_state_with_a_code() =>
        Gen.Select(Gen.OneOf<string?>("s-1", "s-2", null), Gen.OneOf<string?>("https://as.example", null), Gen.Bool).SelectMany(
            (expected, issuer, require) => Gen.Select(
                CallbackName,
                Gen.Frequency((3, Gen.OneOf("s-1", "s-2", "https://as.example", "https://evil.example", "c", "access_denied", "")), (2, AnyText))).List[0, 8]
                .Select(list => (expected, issuer, require, parameters: list.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList())))
        .Sample(t =>
        {
            var result = AuthorizationCallback.Validate(t.parameters, t.expected, t.issuer, t.require);
            Assert.Equal(result.Error is null, !result.IsError);
            if (result.IsError)
            {
                Assert.Null(result.Code);
                return;
            }

            Assert.False(string.IsNullOrEmpty(result.Code));
            Assert.Equal(t.parameters.First("code"), result.Code);
            Assert.True(string.IsNullOrEmpty(t.parameters.First("error")));
            if (t.expected is not null)
            {
                Assert.Equal(t.expected, result.State);
            }

            var iss = t.parameters.First("iss");
            Assert.True(iss is null ? !t.require : t.issuer is null || iss == t.issuer);
        }, iter: Iterations);

    [Fact]
    public void AuthorizationCallback_of_any_query_string_never_throws_and_never_accepts_a_foreign_state() =>
        AnyText.Sample(query =>
        {
            var result = AuthorizationCallback.Validate(FormEncoding.Parse(query), "expected-state", "https://as.example", requireIssuer: false);
            Assert.True(result.IsError || result.State == "expected-state");
        }, iter: Iterations);

    // ----- OAuth 1 callbacks -----

    [Fact]
    public void OAuth1_callback_never_throws_and_accepts_only_its_request_token_with_a_verifier() =>
        Gen.Select(
            Gen.OneOf("oauth_token", "oauth_verifier", "denied", "error", "attempt", "OAUTH_TOKEN"),
            Gen.Frequency((3, Gen.OneOf("rt", "other", "v", "")), (1, AnyText))).List[0, 6].Sample(list =>
        {
            var parameters = list.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)).ToList();
            var (verifier, error) = OAuth1Messages.ValidateCallback(parameters, "rt");
            if (error is not null)
            {
                Assert.Null(verifier);
                return;
            }

            Assert.Equal("rt", parameters.First("oauth_token"));
            Assert.False(string.IsNullOrEmpty(verifier));
            Assert.Null(parameters.First("denied"));
        }, iter: Iterations);

    // ----- token responses -----

    private static readonly Gen<string> JsonFragment = Gen.Frequency(
        (6, Gen.OneOf("{", "}", "\"access_token\"", "\"token_type\"", "\"expires_in\"", "\"scope\"", "\"refresh_token\"", "\"error\"",
            ":", ",", "\"a\"", "\"bearer\"", "3600", "-1", "1.5", "1e3", "99999999999999999999", "null", "true", "[", "]", "\"\"",
            "\"\\u0000\"", "\"\\ud800\"", "access_token=a", "&", "token_type=b", "=", "<html>", " ", "\uFEFF")),
        (1, Text));

    private static readonly Gen<string> Body = Gen.Frequency(
        (2, Gen.Const("{\"access_token\":\"a\",\"token_type\":\"bearer\"")
            .SelectMany(head => JsonFragment.Array[0, 12].Select(tail => head + string.Concat(tail)))),
        (3, JsonFragment.Array[0, 24].Select(string.Concat)),
        (1, Gen.Byte.Array[0, 200].Select(b => Encoding.UTF8.GetString(b))),
        (1, Text));

    private static readonly Gen<OAuthHttpResponse> Response = Gen.Select(
        Gen.OneOf(200, 201, 204, 302, 400, 401, 500, 503, 0),
        Gen.OneOf<string?>("application/json", "application/x-www-form-urlencoded", "text/plain", "text/html", "application/xml", null),
        Body,
        (status, type, body) => new OAuthHttpResponse(status, type, body, [], status == 0 ? "refused" : null));

    [Fact]
    public void TokenResponseParser_never_throws_and_a_success_always_has_an_access_token_and_type() =>
        Response.Sample(response =>
        {
            var result = OAuth2Flow.ReadAccessToken(response, Now);
            Assert.Equal(result.Error is null, result.Token is not null);
            Assert.Equal(result.Kind == ErrorKind.None, result.Token is not null);
            if (result.Token is { } token)
            {
                Assert.True(response.IsSuccessStatus);
                Assert.False(string.IsNullOrEmpty(token.AccessToken));
                Assert.False(string.IsNullOrEmpty(token.TokenType));
                Assert.True(token.ExpiresIn is null or >= 0);
            }
            else if (!response.IsSuccessStatus)
            {
                Assert.Contains(result.Kind, new[] { ErrorKind.Protocol, ErrorKind.Http, ErrorKind.Transport });
            }
            else
            {
                Assert.Equal(ErrorKind.InvalidResponse, result.Kind);
            }
        }, iter: Iterations);

    [Fact]
    public void TokenResponseParser_never_throws_for_arbitrary_bytes_decoded_as_a_transport_would() =>
        Gen.Select(Gen.Byte.Array[0, 300], Gen.OneOf(200, 400)).Sample((bytes, status) =>
        {
            var result = OAuth2Flow.ReadAccessToken(new OAuthHttpResponse(status, "application/json", Encoding.UTF8.GetString(bytes), []), Now);
            Assert.True(result.Token is null || !string.IsNullOrEmpty(result.Token.AccessToken));
        }, iter: Iterations);

    /// <summary>Arbitrary UTF-16, lone surrogates included: the parser never throws.</summary>
    [Fact]
    public void TokenResponseParser_on_arbitrary_UTF16_never_throws() =>
        Gen.Select(Gen.OneOf(200, 400), Gen.Frequency((1, AnyText), (1, JsonFragment.Array[0, 16].Select(string.Concat)))
            .Select(s => "{\"access_token\":\"" + s)).Sample((status, body) =>
        {
            var result = OAuth2Flow.ReadAccessToken(new OAuthHttpResponse(status, "application/json", body, []), Now);
            Assert.True(result.Token is null || !string.IsNullOrEmpty(result.Token.AccessToken));
        }, iter: Iterations);

    [Fact]
    public void OAuth1_token_responses_never_throw_and_a_success_has_a_token_and_a_secret() =>
        Gen.Select(Gen.OneOf(200, 401, 500, 0), Gen.OneOf<string?>("application/x-www-form-urlencoded", "text/html", null),
            Gen.Frequency(
                (3, Gen.Select(Gen.OneOf("oauth_token", "oauth_token_secret", "oauth_callback_confirmed", "oauth_problem", "x"),
                    Gen.Frequency((3, Gen.OneOf("t", "s", "true", "")), (1, AnyText))).List[0, 6]
                    .Select(l => string.Join("&", l.Select(p => p.Item1 + "=" + p.Item2)))),
                (1, AnyText)),
            Gen.Bool).Sample((status, type, body, request) =>
        {
            var response = new OAuthHttpResponse(status, type, body, [], status == 0 ? "refused" : null);
            var result = request ? OAuth1Flow.ReadRequestToken(response) : OAuth1Flow.ReadAccessToken(response);
            Assert.Equal(result.Error is null, result.Token is not null);
            if (result.Token is { } token)
            {
                Assert.True(response.IsSuccessStatus);
                Assert.False(string.IsNullOrEmpty(token.Token));
                Assert.NotNull(token.TokenSecret);
            }
        }, iter: Iterations);

    private static bool IsUnreserved(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~';

    private static bool IsCanonicallyEncoded(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2]) || char.IsLower(s[i + 1]) || char.IsLower(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!IsUnreserved(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
