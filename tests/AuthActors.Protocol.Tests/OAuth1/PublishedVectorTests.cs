using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth1;

/// <summary>Signature vectors published outside RFC 5849, each cited where it is used.</summary>
public sealed class PublishedVectorTests
{
    private static OAuth1Credentials TwitterDocCredentials() => new("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw")
    {
        Token = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        TokenSecret = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
    };

    // The body exactly as the doc's raw request shows it (lowercase hex escapes, as sent by the OAuth gem).
    private const string TwitterDocBody = "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21";

    private static OAuthHttpRequest TwitterDocRequest(string apiVersion) =>
        new("POST", $"https://api.twitter.com/{apiVersion}/statuses/update.json?include_entities=true", [], FormEncoding.Parse(TwitterDocBody));

    /// <summary>
    /// X (Twitter) developer docs, "Creating a signature"
    /// (https://developer.twitter.com/en/docs/authentication/oauth-1-0a/creating-a-signature, the API v1.1
    /// version): the parameter string, the signature base string and the signature hCtSmYh+iHYCEqBWrE7C7hYmtUk=.
    /// </summary>
    [Fact]
    public void X_creating_a_signature_doc_example_for_api_1_1_reproduces_base_string_and_signature()
    {
        var request = TwitterDocRequest("1.1");

        var baseString = RequestSigner.BaseStringFor(request, TwitterDocCredentials(), "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958);
        var signed = RequestSigner.Sign(request, TwitterDocCredentials(), "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958);

        Assert.Equal(
            "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521",
            baseString);
        Assert.Equal("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
            Signatures.Key("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"));
        Assert.Equal("hCtSmYh+iHYCEqBWrE7C7hYmtUk=", AuthorizationHeader.TryParse(signed.Header("Authorization"))!.First("oauth_signature"));
    }

    /// <summary>
    /// The same doc as first published for API v1 (dev.twitter.com/docs/auth/creating-signature, archived
    /// 2013-10-17 at web.archive.org): base URL https://api.twitter.com/1/statuses/update.json and signature
    /// tnnArxj06cWHq44gCs1OSKk/jLY=. Later copies of "Authorizing a request" still print this signature next
    /// to the 1.1 URL: it belongs to the /1/ input, which this test pins down.
    /// </summary>
    [Fact]
    public void X_creating_a_signature_doc_example_for_api_1_gives_the_older_documented_signature()
    {
        var signed = RequestSigner.Sign(TwitterDocRequest("1"), TwitterDocCredentials(), "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958);

        Assert.Equal("tnnArxj06cWHq44gCs1OSKk/jLY=", AuthorizationHeader.TryParse(signed.Header("Authorization"))!.First("oauth_signature"));
    }

    [Fact]
    public void X_doc_example_header_carries_the_seven_documented_parameters()
    {
        var signed = RequestSigner.Sign(TwitterDocRequest("1.1"), TwitterDocCredentials(), "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958);

        var header = AuthorizationHeader.TryParse(signed.Header("Authorization"))!;

        Assert.Equal(
            ["oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_token", "oauth_version"],
            header.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\"", signed.Header("Authorization"), StringComparison.Ordinal);
    }

    /// <summary>
    /// OAuth Core 1.0 Revision A, Appendix A.5.1–A.5.2 (https://oauth.net/core/1.0a/#sig_base_example):
    /// GET http://photos.example.net/photos?file=vacation.jpg&amp;size=original with oauth_version 1.0,
    /// signature tR3+Ty81lMeYAr/Fid0kMTYa/WM= (also x42/liboauth tests/selftest_wiki.c).
    /// </summary>
    [Fact]
    public void OAuth_core_1_0a_appendix_a_hmac_sha1_example_reproduces()
    {
        var credentials = new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44") { Token = "nnch734d00sl2jdk", TokenSecret = "pfkkdhi9sl3r4s00" };
        var request = OAuthHttpRequest.Create("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original");

        var baseString = RequestSigner.BaseStringFor(request, credentials, "kllo9940pd9333jh", 1191242096);
        var signed = RequestSigner.Sign(request, credentials, "kllo9940pd9333jh", 1191242096);

        Assert.Equal(
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal",
            baseString);
        Assert.Equal("tR3+Ty81lMeYAr/Fid0kMTYa/WM=", AuthorizationHeader.TryParse(signed.Header("Authorization"))!.First("oauth_signature"));
    }

    private const string RsaTestCaseBaseString =
        "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacaction.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1196666512%26oauth_version%3D1.0%26size%3Doriginal";

    private const string RsaTestCaseSignature =
        "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE=";

    /// <summary>
    /// The RSA-SHA1 case of the OAuth test cases (http://wiki.oauth.net/TestCases section 9.3), as kept in
    /// x42/liboauth tests/selftest_wiki.c: key in <see cref="TestKeys"/>, base string and signature below
    /// (the "vacaction.jpg" typo is part of the published input).
    /// </summary>
    [Fact]
    public void OAuth_test_cases_rsa_sha1_example_reproduces_base_string_and_signature()
    {
        using var key = TestKeys.OAuthTestCasesRsa();
        var credentials = new OAuth1Credentials("dpf43f3p2l4k3l03", string.Empty) { SignatureMethod = OAuth1SignatureMethod.RsaSha1, RsaPrivateKey = key };
        var request = OAuthHttpRequest.Create("GET", "http://photos.example.net/photos?file=vacaction.jpg&size=original");

        var baseString = RequestSigner.BaseStringFor(request, credentials, "13917289812797014437", 1196666512);
        var signed = RequestSigner.Sign(request, credentials, "13917289812797014437", 1196666512);

        Assert.Equal(RsaTestCaseBaseString, baseString);
        Assert.Equal(RsaTestCaseSignature, AuthorizationHeader.TryParse(signed.Header("Authorization"))!.First("oauth_signature"));
    }

    [Fact]
    public void OAuth_test_cases_rsa_sha1_signature_verifies_with_the_public_key_only()
    {
        using var key = TestKeys.OAuthTestCasesRsa();
        using var publicKey = TestKeys.PublicOnly(key);

        Assert.True(Signatures.Verify(OAuth1SignatureMethod.RsaSha1, RsaTestCaseBaseString, RsaTestCaseSignature, string.Empty, null, publicKey));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.RsaSha1, RsaTestCaseBaseString.Replace("vacaction", "vacation", StringComparison.Ordinal), RsaTestCaseSignature, string.Empty, null, publicKey));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.RsaSha1, RsaTestCaseBaseString, "not base64!", string.Empty, null, publicKey));
        Assert.False(Signatures.Verify(OAuth1SignatureMethod.RsaSha1, RsaTestCaseBaseString, RsaTestCaseSignature, string.Empty, null, rsaPublicKey: null));
    }
}
