using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>The strict token response parser (RFC 6749 §5.1, §5.2).</summary>
public sealed class TokenResponseParserTests
{
    private static readonly DateTimeOffset Now = FixedTimeProvider.Default;

    [Fact]
    public void Rfc_6749_section_5_1_example_parses_with_expiry_from_the_injected_clock()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, """
            {
              "access_token":"2YotnFZFEjr1zCsicMWpAA",
              "token_type":"example",
              "expires_in":3600,
              "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
              "example_parameter":"example_value"
            }
            """), Now);

        Assert.False(parsed.IsError);
        var token = parsed.Token!;
        Assert.Equal(("2YotnFZFEjr1zCsicMWpAA", "example", "tGzv3JOkF0XG5Qx2TlKWIA"), (token.AccessToken, token.TokenType, token.RefreshToken));
        Assert.Equal(3600, token.ExpiresIn);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 13, 0, 0, TimeSpan.Zero), token.ExpiresAt);
        Assert.Equal("example_value", token.Extra["example_parameter"]);
        Assert.False(token.Extra.ContainsKey("access_token"));
        Assert.Equal(200, parsed.HttpStatus);
    }

    [Fact]
    public void Optional_fields_scope_and_id_token_are_read_and_absent_expiry_stays_null()
    {
        var token = TokenResponseParser.Parse(OAuthHttpResponse.Json(200,
            "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"scope\":\"openid email\",\"id_token\":\"h.p.s\",\"expires_in\":null}"), Now).Token!;

        Assert.Equal(("openid email", "h.p.s"), (token.Scope, token.IdToken));
        Assert.Null(token.ExpiresIn);
        Assert.Null(token.ExpiresAt);
        Assert.True(token.IsBearer);
    }

    [Fact]
    public void Every_member_beyond_the_rfcs_is_kept_as_its_text_and_a_response_without_any_has_none()
    {
        var token = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, """
            {"access_token":"a","token_type":"bearer","scope":"s","uid":"12","user_id":42,"admin":false,"team":{"id":7},"none":null}
            """), Now).Token!;
        Assert.Equal(
            new Dictionary<string, string> { ["uid"] = "12", ["user_id"] = "42", ["admin"] = "false", ["team"] = """{"id":7}""" },
            token.Extra);

        var plain = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, """{"access_token":"a","token_type":"bearer","expires_in":60}"""), Now).Token!;
        Assert.Empty(plain.Extra);
    }

    [Theory]
    [InlineData("\"3600\"")] // a string number, as several providers send it
    [InlineData("3600")]
    public void Expires_in_as_number_or_numeric_string_is_accepted(string json)
    {
        var token = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, $"{{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":{json}}}"), Now).Token!;

        Assert.Equal(Now.AddHours(1), token.ExpiresAt);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public void Form_encoded_success_is_read_as_a_fallback(string? contentType)
    {
        var parsed = TokenResponseParser.Parse(new OAuthHttpResponse(200, contentType, "access_token=a%2Bb&token_type=bearer&expires_in=60&scope=x+y", []), Now);

        Assert.Equal(("a+b", "bearer", "x y"), (parsed.Token!.AccessToken, parsed.Token.TokenType, parsed.Token.Scope));
        Assert.Equal(Now.AddSeconds(60), parsed.Token.ExpiresAt);
    }

    [Fact]
    public void Rfc_6749_section_5_2_error_is_a_protocol_error_with_its_fields()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Json(400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"The code has expired\",\"error_uri\":\"https://idp.example.com/errors/invalid_grant\"}"), Now);

        Assert.Equal(ErrorKind.Protocol, parsed.Kind);
        Assert.Equal(new OAuthError(ErrorKind.Protocol, "invalid_grant", "The code has expired", "https://idp.example.com/errors/invalid_grant", 400), parsed.Error);
        Assert.Null(parsed.Token);
        Assert.Equal(400, parsed.HttpStatus);
    }

    [Fact]
    public void Form_encoded_error_with_401_is_a_protocol_error()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Form(401, "error=invalid_client"), Now);

        Assert.Equal((ErrorKind.Protocol, "invalid_client", 401), (parsed.Kind, parsed.Error!.Code, parsed.Error.HttpStatus));
    }

    [Theory]
    [InlineData(500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>")]
    [InlineData(502, "text/html", "<html>Bad Gateway</html>")]
    [InlineData(503, null, "")]
    [InlineData(404, "application/json", "{\"message\":\"Not Found\"}")] // JSON, but not an OAuth error
    public void Http_error_without_an_oauth_error_body_is_an_http_error(int status, string? contentType, string body)
    {
        var parsed = TokenResponseParser.Parse(new OAuthHttpResponse(status, contentType, body, []), Now);

        Assert.Equal((ErrorKind.Http, OAuthErrorCodes.HttpError, status), (parsed.Kind, parsed.Error!.Code, parsed.Error.HttpStatus));
    }

    [Fact]
    public void Transport_failure_is_a_transport_error_without_status()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Failed("timed out after 30 s"), Now);

        Assert.Equal(ErrorKind.Transport, parsed.Kind);
        Assert.Equal(OAuthErrorCodes.TransportFailure, parsed.Error!.Code);
        Assert.Null(parsed.HttpStatus);
    }

    [Theory]
    [InlineData("application/json", "")]
    [InlineData("application/json", "   ")]
    [InlineData("application/json", "not json at all")]
    [InlineData("application/json", "[{\"access_token\":\"a\",\"token_type\":\"Bearer\"}]")]
    [InlineData("text/html", "<html><body>Welcome</body></html>")]
    [InlineData("text/plain", "<!DOCTYPE html><html></html>")]
    [InlineData("application/json", "{\"token_type\":\"Bearer\"}")] // missing access_token
    [InlineData("application/json", "{\"access_token\":\"\",\"token_type\":\"Bearer\"}")]
    [InlineData("application/json", "{\"access_token\":12345,\"token_type\":\"Bearer\"}")]
    [InlineData("application/json", "{\"access_token\":\"a\"}")] // missing token_type
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"\"}")]
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}")]
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":-1}")]
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":3600.5}")]
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"scope\":[\"read\",\"write\"]}")]
    [InlineData("application/json", "{\"error\":\"bad_verification_code\"}")] // an error with a success status
    [InlineData("text/plain", "hello world")]
    [InlineData("application/json", "{\"access_token\":\"a\",\"access_token\":\"b\",\"token_type\":\"Bearer\"}")] // ambiguous
    [InlineData("application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":9223372036854775807}")]
    [InlineData("application/json", "{\"access_token\":\"\\ud800\",\"token_type\":\"Bearer\"}")] // not Unicode text
    public void Two_hundred_with_a_body_that_is_not_a_valid_token_response_is_invalid(string contentType, string body)
    {
        var parsed = TokenResponseParser.Parse(new OAuthHttpResponse(200, contentType, body, []), Now);

        Assert.Equal(ErrorKind.InvalidResponse, parsed.Kind);
        Assert.Equal(OAuthErrorCodes.InvalidResponse, parsed.Error!.Code);
        Assert.Null(parsed.Token);
    }

    [Fact]
    public void Error_in_a_success_response_is_named_in_the_description()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, "{\"error\":\"bad_verification_code\"}"), Now);

        Assert.Contains("bad_verification_code", parsed.Error!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_body_is_kept_for_diagnosis_but_never_printed()
    {
        var parsed = TokenResponseParser.Parse(OAuthHttpResponse.Json(200, "{\"access_token\":\"SECRET-AT\",\"token_type\":\"Bearer\",\"refresh_token\":\"SECRET-RT\"}"), Now);

        Assert.Contains("SECRET-AT", parsed.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", parsed.ToString(), StringComparison.Ordinal);
    }
}
