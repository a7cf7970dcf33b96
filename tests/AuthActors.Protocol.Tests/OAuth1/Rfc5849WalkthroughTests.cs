using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>
/// The printer.example.com / photos.example.net walkthrough of RFC 5849 §1.2 and the PLAINTEXT examples of
/// §2.1–§2.3 (https://www.rfc-editor.org/rfc/rfc5849#section-1.2). The §1.2 requests carry no
/// oauth_version, so the credentials set <see cref="OAuth1Credentials.IncludeVersion"/> to false.
/// </summary>
public sealed class Rfc5849WalkthroughTests
{
    private static OAuth1Credentials Photos() => new("dpf43f3p2l4k3l03", "kd94hf93k423kf44")
    {
        Realm = "Photos",
        IncludeVersion = false,
    };

    private static readonly OAuth1Token Temporary = new("hh5s93j4hdidpola", "hdhd0244k9j7ao03");

    [Fact]
    public void Temporary_credential_request_of_section_1_2_has_the_printed_header_byte_for_byte()
    {
        var request = OAuth1Messages.RequestToken("https://photos.example.net/initiate", Photos(),
            "http://printer.example.com/ready", "wIjqoS", 137131200);

        Assert.Equal("POST", request.Method);
        Assert.Equal(Rfc.JoinHeader("""
            OAuth realm="Photos",
               oauth_consumer_key="dpf43f3p2l4k3l03",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131200",
               oauth_nonce="wIjqoS",
               oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready",
               oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"
            """), request.Header("Authorization"));
    }

    [Fact]
    public void Token_credential_request_of_section_1_2_has_the_printed_header_byte_for_byte()
    {
        var request = OAuth1Messages.AccessToken("https://photos.example.net/token", Photos(), Temporary,
            "hfdp7dh39dks9884", "walatlh", 137131201);

        Assert.Equal(Rfc.JoinHeader("""
            OAuth realm="Photos",
               oauth_consumer_key="dpf43f3p2l4k3l03",
               oauth_token="hh5s93j4hdidpola",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131201",
               oauth_nonce="walatlh",
               oauth_verifier="hfdp7dh39dks9884",
               oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D"
            """), request.Header("Authorization"));
    }

    [Fact]
    public void Photo_request_of_section_1_2_has_the_printed_header_when_sent_over_http()
    {
        // §1.2 states HTTPS for the two credential requests but not for the photo request; its printed
        // signature reproduces with the http scheme in the base string URI.
        var credentials = Photos() with { Token = "nnch734d00sl2jdk", TokenSecret = "pfkkdhi9sl3r4s00" };
        var request = OAuthHttpRequest.Create("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original");

        var signed = RequestSigner.Sign(request, credentials, "chapoH", 137131202);

        Assert.Equal(Rfc.JoinHeader("""
            OAuth realm="Photos",
               oauth_consumer_key="dpf43f3p2l4k3l03",
               oauth_token="nnch734d00sl2jdk",
               oauth_signature_method="HMAC-SHA1",
               oauth_timestamp="137131202",
               oauth_nonce="chapoH",
               oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"
            """), signed.Header("Authorization"));
    }

    [Fact]
    public void Photo_request_signed_over_https_has_a_different_signature_because_the_scheme_is_signed()
    {
        var credentials = Photos() with { Token = "nnch734d00sl2jdk", TokenSecret = "pfkkdhi9sl3r4s00" };
        var http = RequestSigner.Sign(OAuthHttpRequest.Create("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original"), credentials, "chapoH", 137131202);
        var https = RequestSigner.Sign(OAuthHttpRequest.Create("GET", "https://photos.example.net/photos?file=vacation.jpg&size=original"), credentials, "chapoH", 137131202);

        Assert.Equal("MdpQcU8iPSUjWoN/UDMsK2sui9I=", SignatureOf(http));
        Assert.NotEqual(SignatureOf(http), SignatureOf(https));
    }

    [Fact]
    public void Credential_responses_of_section_1_2_parse_into_tokens()
    {
        var temporary = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200,
            "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true"), requireCallbackConfirmed: true);
        var token = OAuth1Messages.ParseTokenResponse(OAuthHttpResponse.Form(200,
            "oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00"), requireCallbackConfirmed: false);

        Assert.Equal(("hh5s93j4hdidpola", "hdhd0244k9j7ao03"), (temporary.Token!.Token, temporary.Token.TokenSecret));
        Assert.Equal("true", temporary.Token!.Extra["oauth_callback_confirmed"]);
        Assert.Equal(("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"), (token.Token!.Token, token.Token.TokenSecret));
    }

    [Fact]
    public void Authorization_uri_of_section_1_2_carries_the_temporary_token()
    {
        Assert.Equal("https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola",
            OAuth1Messages.AuthorizeUrl("https://photos.example.net/authorize", "hh5s93j4hdidpola"));
    }

    [Fact]
    public void Callback_of_section_1_2_yields_the_verifier()
    {
        var callback = FormEncoding.Parse("oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884");

        var (verifier, error) = OAuth1Messages.ValidateCallback(callback, "hh5s93j4hdidpola");

        Assert.Null(error);
        Assert.Equal("hfdp7dh39dks9884", verifier);
    }

    [Fact]
    public void Plaintext_temporary_credential_request_of_section_2_1_carries_the_printed_parameters()
    {
        var credentials = new OAuth1Credentials("jd83jd92dhsh93js", "ja893SD9")
        {
            SignatureMethod = OAuth1SignatureMethod.Plaintext,
            Realm = "Example",
        };

        var request = OAuth1Messages.RequestToken("https://server.example.com/request_temp_credentials", credentials,
            "http://client.example.net/cb?x=1", "n", 1);

        // The printed header omits oauth_timestamp and oauth_nonce (optional for PLAINTEXT, §3.1); every
        // parameter it does print must appear exactly as printed.
        var header = request.Header("Authorization")!;
        Assert.StartsWith("OAuth realm=\"Example\", ", header, StringComparison.Ordinal);
        Assert.Contains("oauth_consumer_key=\"jd83jd92dhsh93js\"", header, StringComparison.Ordinal);
        Assert.Contains("oauth_signature_method=\"PLAINTEXT\"", header, StringComparison.Ordinal);
        Assert.Contains("oauth_callback=\"http%3A%2F%2Fclient.example.net%2Fcb%3Fx%3D1\"", header, StringComparison.Ordinal);
        Assert.Contains("oauth_signature=\"ja893SD9%26\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("oauth_token=", header, StringComparison.Ordinal);
        Assert.Equal("ja893SD9&", AuthorizationHeader.TryParse(header)!.First("oauth_signature"));
    }

    [Fact]
    public void Plaintext_token_request_of_section_2_3_signs_with_both_secrets()
    {
        var credentials = new OAuth1Credentials("jd83jd92dhsh93js", "ja893SD9") { SignatureMethod = OAuth1SignatureMethod.Plaintext };

        var request = OAuth1Messages.AccessToken("https://server.example.com/request_token", credentials,
            new OAuth1Token("hdk48Djdsa", "xyz4992k83j47x0b"), "473f82d3", "n", 1);

        var header = request.Header("Authorization")!;
        Assert.Contains("oauth_token=\"hdk48Djdsa\"", header, StringComparison.Ordinal);
        Assert.Contains("oauth_verifier=\"473f82d3\"", header, StringComparison.Ordinal);
        Assert.Contains("oauth_signature=\"ja893SD9%26xyz4992k83j47x0b\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Callback_of_section_2_2_keeps_the_clients_own_query_and_yields_the_verifier()
    {
        var (verifier, error) = OAuth1Messages.ValidateCallback(FormEncoding.Parse("x=1&oauth_token=hdk48Djdsa&oauth_verifier=473f82d3"), "hdk48Djdsa");

        Assert.Null(error);
        Assert.Equal("473f82d3", verifier);
    }

    [Fact]
    public void Authorization_header_of_section_3_5_1_parses_with_realm_and_decoded_values()
    {
        var header = AuthorizationHeader.TryParse(Rfc.JoinHeader("""
            OAuth realm="Example",
               oauth_consumer_key="0685bd9184jfhq22",
               oauth_token="ad180jjd733klru7",
               oauth_signature_method="HMAC-SHA1",
               oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",
               oauth_timestamp="137131200",
               oauth_nonce="4572616e48616d6d65724c61686176",
               oauth_version="1.0"
            """));

        Assert.NotNull(header);
        Assert.Equal(8, header.Count);
        Assert.Equal("Example", header.First("realm"));
        Assert.Equal("wOJIO9A2W5mFwDgiDvZbTSMK/PY=", header.First("oauth_signature"));
        Assert.Equal("1.0", header.First("oauth_version"));
    }

    private static string? SignatureOf(OAuthHttpRequest request) =>
        AuthorizationHeader.TryParse(request.Header("Authorization"))!.First("oauth_signature");
}
