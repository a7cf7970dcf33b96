using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>
/// RFC 5849 §3.4.1.3.1: the parameters of a form-encoded body are signed. A body given as a raw string with the
/// form media type is read as the form it is, never signed as an opaque body with <c>oauth_body_hash</c>.
/// </summary>
public sealed class RawFormBodyTests
{
    private const string Url = "https://api.example.com/1/statuses/update.json";
    private static readonly OAuth1Credentials Credentials = new("ck", "cs") { Token = "t", TokenSecret = "ts" };

    private static readonly OAuthHttpRequest AsForm = OAuthHttpRequest.PostForm(Url, [new("status", "Hello Ladies + Gentlemen"), new("include_entities", "true")]);

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("Application/X-WWW-Form-UrlEncoded")]
    public void A_raw_form_body_signs_exactly_like_the_form(string contentType)
    {
        var raw = new OAuthHttpRequest("POST", Url, [], Body: "status=Hello%20Ladies%20%2B%20Gentlemen&include_entities=true", ContentType: contentType);

        Assert.Equal(RequestSigner.BaseStringFor(AsForm, Credentials, "n", 1318622958), RequestSigner.BaseStringFor(raw, Credentials, "n", 1318622958));
        var signed = RequestSigner.Sign(raw, Credentials, "n", 1318622958);
        Assert.Equal(RequestSigner.Sign(AsForm, Credentials, "n", 1318622958).Header("Authorization"), signed.Header("Authorization"));
        Assert.DoesNotContain("oauth_body_hash", signed.Header("Authorization"), StringComparison.Ordinal);
        Assert.Null(signed.Body);
        Assert.Equal(AsForm.Form, signed.Form);
    }

    [Fact]
    public void A_JSON_body_is_still_an_opaque_body_with_a_body_hash()
    {
        var json = new OAuthHttpRequest("POST", Url, [], Body: "{\"status\":\"hi\"}", ContentType: "application/json");
        Assert.Contains("oauth_body_hash", RequestSigner.Sign(json, Credentials, "n", 1318622958).Header("Authorization"), StringComparison.Ordinal);
    }
}
