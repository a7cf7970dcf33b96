using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>The OAuth Authorization header of RFC 5849 §3.5.1: writing, reading, realm, malformed input.</summary>
public sealed class AuthorizationHeaderTests
{
    [Fact]
    public void Written_header_encodes_names_and_values_and_separates_them_with_comma_space()
    {
        var header = AuthorizationHeader.Write(Params.Of(("oauth_consumer_key", "a b"), ("oauth_callback", "http://x/?y=1")));

        Assert.Equal("OAuth oauth_consumer_key=\"a%20b\", oauth_callback=\"http%3A%2F%2Fx%2F%3Fy%3D1\"", header);
    }

    [Fact]
    public void Header_round_trips_parameters_with_reserved_and_non_ascii_characters()
    {
        var parameters = Params.Of(("oauth_consumer_key", "k\"e,y=1"), ("oauth_token", "t\u00e9\U0001F600"), ("oauth_nonce", ""), ("x_custom", "a+b&c"));

        var parsed = AuthorizationHeader.TryParse(AuthorizationHeader.Write(parameters, realm: "Photos"));

        Assert.Equal(Params.Of(("realm", "Photos")).Concat(parameters), parsed);
    }

    [Fact]
    public void Realm_comes_first_and_is_not_percent_encoded()
    {
        var header = AuthorizationHeader.Write(Params.Of(("oauth_nonce", "n")), realm: "http://sp.example.com/");

        Assert.Equal("OAuth realm=\"http://sp.example.com/\", oauth_nonce=\"n\"", header);
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData(@"C:\dir\")]
    [InlineData(@"a\""b")]
    public void Realm_with_quotes_or_backslashes_round_trips(string realm)
    {
        var parsed = AuthorizationHeader.TryParse(AuthorizationHeader.Write(Params.Of(("oauth_nonce", "n")), realm));

        Assert.NotNull(parsed);
        Assert.Equal(realm, parsed.First("realm"));
        Assert.Equal("n", parsed.First("oauth_nonce"));
    }

    [Fact]
    public void Header_without_realm_has_no_realm_parameter()
    {
        var parsed = AuthorizationHeader.TryParse(AuthorizationHeader.Write(Params.Of(("oauth_nonce", "n"))));

        Assert.Null(parsed!.First("realm"));
    }

    [Theory]
    [InlineData("oauth oauth_nonce=\"n\"")] // the scheme is case-insensitive
    [InlineData("OAuth oauth_nonce=\"n\",oauth_token=\"t\"")] // optional whitespace
    [InlineData("OAuth   oauth_nonce=\"n\" ,\toauth_token=\"t\"")]
    public void Lenient_but_valid_spacing_and_scheme_case_parse(string value)
    {
        var parsed = AuthorizationHeader.TryParse(value);

        Assert.NotNull(parsed);
        Assert.Equal("n", parsed.First("oauth_nonce"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("OAuth")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer abc")]
    [InlineData("OAuthoauth_nonce=\"n\"")]
    [InlineData("OAuth oauth_nonce")]
    [InlineData("OAuth oauth_nonce=n")]
    [InlineData("OAuth oauth_nonce=\"n")]
    [InlineData("OAuth =\"n\"")]
    [InlineData("OAuth oauth_nonce=\"n\", oauth_token")]
    [InlineData("OAuth oauth_nonce=")]
    public void Malformed_headers_give_null(string? value)
    {
        Assert.Null(AuthorizationHeader.TryParse(value));
    }
}
