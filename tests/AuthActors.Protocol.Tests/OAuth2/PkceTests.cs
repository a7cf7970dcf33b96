using AuthActors.Protocol.OAuth2.Rfc7636;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>Proof Key for Code Exchange, RFC 7636.</summary>
public sealed class PkceTests
{
    [Fact]
    public void S256_challenge_matches_rfc_7636_appendix_b()
    {
        // https://www.rfc-editor.org/rfc/rfc7636#appendix-B
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Fact]
    public void Appendix_b_verifier_is_the_base64url_of_its_published_octets()
    {
        byte[] octets = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];

        Assert.Equal("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", AuthActors.Protocol.Infrastructure.Base64Url.Encode(octets));
    }

    [Theory]
    [InlineData(42, false)]
    [InlineData(43, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Verifier_length_must_be_43_to_128(int length, bool valid)
    {
        Assert.Equal(valid, Pkce.IsValidVerifier(new string('a', length)));
    }

    [Theory]
    [InlineData("-._~")]
    [InlineData("AZaz09")]
    public void Verifier_alphabet_is_the_unreserved_characters(string chars)
    {
        Assert.True(Pkce.IsValidVerifier(new string('a', 40) + chars));
    }

    [Theory]
    [InlineData("+")]
    [InlineData("/")]
    [InlineData("=")]
    [InlineData(" ")]
    [InlineData("\u00e9")]
    public void Verifier_with_any_other_character_is_invalid(string bad)
    {
        Assert.False(Pkce.IsValidVerifier(new string('a', 50) + bad));
        Assert.False(Pkce.IsValidVerifier(null));
    }

    [Fact]
    public void Created_verifier_is_43_valid_characters_from_the_random_source()
    {
        var verifier = Pkce.CreateVerifier(new FixedByteRandomSource(0));

        Assert.Equal(new string('A', 43), verifier);
        Assert.True(Pkce.IsValidVerifier(Pkce.CreateVerifier(AuthActors.Protocol.Infrastructure.CryptoRandomSource.Instance)));
    }

    [Fact]
    public void Server_side_check_accepts_only_the_matching_verifier_and_a_known_method()
    {
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

        Assert.True(Pkce.Verify(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256"));
        Assert.False(Pkce.Verify(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", "S256"));
        Assert.True(Pkce.Verify(verifier, verifier, "plain"));
        Assert.False(Pkce.Verify(verifier, verifier, "S256"));
        Assert.False(Pkce.Verify(verifier, verifier, "s256"));
        Assert.False(Pkce.Verify("short", "short", "plain"));
        Assert.False(Pkce.Verify(null, "x", "plain"));
    }
}
