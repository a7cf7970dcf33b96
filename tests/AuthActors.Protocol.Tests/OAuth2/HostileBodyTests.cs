using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc7009;
using AuthActors.Protocol.OAuth2.Rfc7662;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>
/// Whatever a provider (or something pretending to be one) sends, the parsers return a typed result and
/// never throw: a token endpoint is untrusted input.
/// </summary>
public sealed class HostileBodyTests
{
    public static TheoryData<string> Bodies() =>
    [
        "",
        "null",
        "true",
        "0",
        "\"string\"",
        "{",
        "}",
        "{\"access_token\":",
        "{\"access_token\":\"a\",\"access_token\":\"b\",\"token_type\":\"Bearer\"}", // duplicate member
        "{\"authed_user\":{\"id\":\"U1\",\"id\":\"U2\"},\"ok\":true}",
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":9223372036854775807}",
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":99999999999999}",
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":1e400}",
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":true}",
        "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":{}}",
        "{\"access_token\":{\"nested\":[1,2,3]},\"token_type\":\"Bearer\"}",
        "{\"access_token\":null,\"token_type\":null,\"error\":null}",
        "{\"error\":{\"code\":400},\"error_description\":[\"x\"]}",
        "{\"active\":\"true\"}",
        "{\"active\":null}",
        "{\"ok\":false}",
        "{\"errors\":[null,1,\"x\"],\"success\":false}",
        "{\"scope\":[1,null,{\"a\":1}],\"access_token\":\"a\",\"token_type\":\"Bearer\"}",
        new string('[', 5000) + new string(']', 5000),
        "{\"a\":" + new string('[', 2000) + new string(']', 2000) + "}",
        "{\"access_token\":\"\\ud800\",\"token_type\":\"Bearer\"}", // lone surrogate escape
        "\u0000\u0001\u0002",
        "\ufeff{\"access_token\":\"a\",\"token_type\":\"Bearer\"}",
        "<?xml version=\"1.0\"?><token/>",
        "<html><body>oops</body></html>",
        "=&=&=",
        "&&&",
        "%",
        "%zz=%zz",
        "access_token",
        "access_token=%F0%9F&token_type=%C3",
        "a=1&a=2&access_token=x&access_token=y&token_type=Bearer",
        new string('a', 200_000),
    ];

    public static TheoryData<int, string?> Envelopes() => new()
    {
        { 200, "application/json" },
        { 200, "text/plain" },
        { 200, null },
        { 400, "application/json" },
        { 401, OAuthHttpRequest.FormContentType },
        { 500, "text/html" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Token_response_parser_never_throws(string body)
    {
        foreach (var (status, contentType) in AllEnvelopes())
        {
            var parsed = TokenResponseParser.Parse(new OAuthHttpResponse(status, contentType, body, []), FixedTimeProvider.Default);

            Assert.True(parsed.IsError || parsed.Token is { AccessToken.Length: > 0, TokenType.Length: > 0 });
            Assert.True(status < 300 || parsed.IsError);
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Other_parsers_never_throw(string body)
    {
        foreach (var (status, contentType) in AllEnvelopes())
        {
            var response = new OAuthHttpResponse(status, contentType, body, []);

            var revocation = Revocation.Parse(response);
            var introspection = Introspection.Parse(response);
            var oauth1 = OAuth1Messages.ParseTokenResponse(response, requireCallbackConfirmed: true);

            Assert.Equal(status >= 300, revocation.IsError);
            Assert.True(introspection.IsError || status < 300);
            Assert.True(oauth1.IsError || oauth1.Token is not null);
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Every_shipped_compliance_fix_and_the_parser_never_throw(string body)
    {
        foreach (var name in ComplianceFixes.Names)
        {
            var hooks = ComplianceHooks.From(ComplianceFixes.Get(name));
            foreach (var (status, contentType) in AllEnvelopes())
            {
                var response = new OAuthHttpResponse(status, contentType, body, []);

                var access = OAuth2Flow.AccessTokenResponse(hooks, response, FixedTimeProvider.Default);
                var refresh = OAuth2Flow.ReadRefreshedToken(hooks.Apply(ComplianceHookPoint.RefreshTokenResponse, response), FixedTimeProvider.Default, "old");

                Assert.True(access.IsError || access.Token is not null, name);
                Assert.True(refresh.IsError || refresh.Token is not null, name);
            }
        }
    }

    private static IEnumerable<(int Status, string? ContentType)> AllEnvelopes() =>
        Envelopes().Select(row => ((int)row[0], (string?)row[1]));
}
