using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.OAuth2.Rfc9207;
using AuthActors.Protocol.Providers;

namespace AuthActors.Protocol.Tests.OAuth2;

/// <summary>The authorization response of RFC 6749 §4.1.2 and the issuer check of RFC 9207.</summary>
public sealed class AuthorizationCallbackTests
{
    private static AuthorizationCallback Validate(string query, string? expectedState = "xyz", string? issuer = null, bool requireIssuer = false) =>
        AuthorizationCallback.Validate(FormEncoding.Parse(query), expectedState, issuer, requireIssuer);

    [Fact]
    public void Rfc_6749_section_4_1_2_callback_yields_the_code()
    {
        var callback = Validate("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz");

        Assert.False(callback.IsError);
        Assert.Equal(("SplxlOBeZQQYbYS6WxSbIA", "xyz"), (callback.Code, callback.State));
    }

    [Fact]
    public void Access_denied_is_a_typed_denial_with_description_and_uri()
    {
        var callback = Validate("error=access_denied&error_description=The%20user%20said%20no&error_uri=https%3A%2F%2Fidp%2Fe&state=xyz");

        Assert.Null(callback.Code);
        Assert.Equal(new OAuthError(ErrorKind.Denied, "access_denied", "The user said no", "https://idp/e"), callback.Error);
    }

    [Theory]
    [InlineData("state=xyz", OAuthErrorCodes.MissingCode)]
    [InlineData("code=&state=xyz", OAuthErrorCodes.MissingCode)]
    [InlineData("code=c", OAuthErrorCodes.MissingState)]
    [InlineData("code=c&state=", OAuthErrorCodes.MissingState)]
    [InlineData("code=c&state=abc", OAuthErrorCodes.StateMismatch)]
    [InlineData("code=c&state=XYZ", OAuthErrorCodes.StateMismatch)]
    [InlineData("code=c&state=xyz%20", OAuthErrorCodes.StateMismatch)]
    [InlineData("error=access_denied&state=evil", OAuthErrorCodes.StateMismatch)] // a forged denial is not trusted either
    public void Unacceptable_callback_is_an_invalid_callback_with_the_right_code(string query, string code)
    {
        var callback = Validate(query);

        Assert.Null(callback.Code);
        Assert.Equal((ErrorKind.InvalidCallback, code), (callback.Error!.Kind, callback.Error.Code));
    }

    [Fact]
    public void State_check_is_skipped_only_when_the_caller_has_no_expected_state()
    {
        Assert.Equal("c", Validate("code=c", expectedState: null).Code);
    }

    [Fact]
    public void Issuer_that_matches_passes()
    {
        Assert.Equal("c", Validate("code=c&state=xyz&iss=https%3A%2F%2Fidp.example.com", issuer: "https://idp.example.com").Code);
    }

    [Theory]
    [InlineData("https://attacker.example.com")]
    [InlineData("https://idp.example.com/")] // simple string comparison: no normalization (RFC 9207 §2.4)
    [InlineData("HTTPS://IDP.EXAMPLE.COM")]
    public void Issuer_that_differs_is_an_issuer_mismatch(string iss)
    {
        var callback = Validate($"code=c&state=xyz&iss={Uri.EscapeDataString(iss)}", issuer: "https://idp.example.com");

        Assert.Equal((ErrorKind.InvalidCallback, OAuthErrorCodes.IssuerMismatch), (callback.Error!.Kind, callback.Error.Code));
    }

    [Fact]
    public void Missing_issuer_fails_only_when_the_provider_always_sends_it()
    {
        Assert.Equal("c", Validate("code=c&state=xyz", issuer: "https://idp.example.com").Code);
        Assert.Equal(OAuthErrorCodes.IssuerMismatch, Validate("code=c&state=xyz", issuer: "https://idp.example.com", requireIssuer: true).Error!.Code);
    }

    [Fact]
    public void Issuer_is_checked_on_error_responses_too()
    {
        // RFC 9207 §2: iss is sent with error responses as well; a denial from another issuer is a mix-up.
        var callback = Validate("error=access_denied&state=xyz&iss=https%3A%2F%2Fattacker", issuer: "https://idp.example.com");

        Assert.Equal(OAuthErrorCodes.IssuerMismatch, callback.Error!.Code);
    }

    [Fact]
    public void Issuer_check_function_follows_rfc_9207_section_2_4()
    {
        Assert.Null(IssuerIdentification.Check(null, "https://idp", required: false));
        Assert.Null(IssuerIdentification.Check("https://idp", "https://idp", required: true));
        Assert.Null(IssuerIdentification.Check("https://any", null, required: false)); // nothing to compare with
        Assert.NotNull(IssuerIdentification.Check(null, "https://idp", required: true));
        Assert.NotNull(IssuerIdentification.Check("https://other", "https://idp", required: false));
    }

    [Fact]
    public void Flow_uses_the_providers_issuer_settings()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", null, "https://idp/authorize", "https://idp/token") { Issuer = "https://idp", RequireIssuer = true };

        var missing = OAuth2Flow.ValidateCallback(provider, FormEncoding.Parse("code=c&state=s"), "s");
        var present = OAuth2Flow.ValidateCallback(provider, FormEncoding.Parse("code=c&state=s&iss=https%3A%2F%2Fidp"), "s");

        Assert.Equal(OAuthErrorCodes.IssuerMismatch, missing.Error!.Code);
        Assert.Equal("c", present.Code);
    }

    [Fact]
    public void Callback_never_prints_the_code()
    {
        Assert.DoesNotContain("SplxlOBeZQQYbYS6WxSbIA", Validate("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz").ToString(), StringComparison.Ordinal);
    }
}
