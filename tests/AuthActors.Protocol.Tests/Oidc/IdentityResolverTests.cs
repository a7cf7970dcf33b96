using System.Text.Json;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Protocol.Tests.Oidc;

/// <summary>No validated subject, no identity: each way of getting one, and each way of failing.</summary>
public sealed class IdentityResolverTests
{
    private static readonly OAuth2ProviderDefinition Oidc = new("op", "client-1", "s", "https://op.example/authorize", "https://op.example/token")
    {
        Scope = "openid email", Issuer = "https://op.example",
    };

    private static readonly OAuth2ProviderDefinition GitHubLike = new("gh", "c", "s", "https://gh.example/authorize", "https://gh.example/token")
    {
        ClaimMap = new Dictionary<string, string> { ["sub"] = "id", ["preferred_username"] = "login", ["picture"] = "avatar_url" },
    };

    private static readonly OAuth2Token Token = new("at", "Bearer");

    private static IdTokenValidationResult ValidIdToken(string sub = "user-42") => new(IdTokenError.None, null)
    {
        Issuer = "https://op.example", Subject = sub, Claims = [new("sub", sub), new("email", "id@example.test"), new("nonce", "n")],
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void An_OpenID_login_is_identified_by_the_id_tokens_issuer_and_subject()
    {
        var result = IdentityResolver.Resolve(Oidc, Token, ValidIdToken(), Json("""{"sub":"user-42","name":"Ada"}"""));
        var identity = Assert.IsType<LoginIdentity>(result.Identity);
        Assert.Equal(("op", "https://op.example", "user-42", true), (identity.Provider, identity.Issuer, identity.Subject, identity.FromIdToken));
        Assert.Equal("Ada", identity.Claim("name"));
        Assert.Equal("id@example.test", identity.Claim("email"));
    }

    [Fact]
    public void A_userinfo_subject_that_differs_from_the_id_tokens_is_refused()
    {
        var result = IdentityResolver.Resolve(Oidc, Token, ValidIdToken(), Json("""{"sub":"someone-else"}"""));
        Assert.Equal((IdentityError.SubjectMismatch, IdTokenError.UserInfoSubjectMismatch), (result.Error, result.IdTokenError));
        Assert.Null(result.Identity);
    }

    [Fact]
    public void A_userinfo_without_subject_is_refused_for_OpenID() =>
        Assert.Equal(IdentityError.SubjectMismatch, IdentityResolver.Resolve(Oidc, Token, ValidIdToken(), Json("""{"name":"x"}""")).Error);

    [Fact]
    public void A_failed_userinfo_call_leaves_the_validated_id_token_as_the_identity()
    {
        var identity = IdentityResolver.Resolve(Oidc, Token, ValidIdToken(), null).Identity;
        Assert.Equal("user-42", identity?.Subject);
        Assert.Null(identity?.UserInfo);
    }

    [Fact]
    public void An_invalid_id_token_gives_no_identity_and_names_the_rule()
    {
        var result = IdentityResolver.Resolve(Oidc, Token, IdTokenValidationResult.Fail(IdTokenError.NonceMismatch, "nonce"), Json("""{"sub":"user-42"}"""));
        Assert.Equal((IdentityError.IdTokenInvalid, IdTokenError.NonceMismatch), (result.Error, result.IdTokenError));
        Assert.Null(result.Identity);
    }

    [Fact]
    public void A_plain_OAuth_login_is_identified_through_the_claim_map_numeric_ids_included()
    {
        var identity = IdentityResolver.Resolve(GitHubLike, Token, null, Json("""{"id":583231,"login":"octocat","avatar_url":"https://a/1.png","bio":null}""")).Identity!;
        Assert.Equal(("583231", "https://gh.example"), (identity.Subject, identity.Issuer));
        Assert.Equal("octocat", identity.Claim("preferred_username"));
        Assert.Equal("https://a/1.png", identity.Claim("picture"));
        Assert.False(identity.FromIdToken);
    }

    [Fact]
    public void The_claims_are_the_mapped_standard_ones_then_every_other_scalar_member_once()
    {
        // sub's path lists alternatives (spaces around them are ignored); every member a standard claim's path names,
        // or that bears a standard claim's name, is read once as that claim and not again as an extra.
        var provider = GitHubLike with
        {
            ClaimMap = new Dictionary<string, string> { ["sub"] = " id_str | id ", ["preferred_username"] = "login", ["picture"] = "avatar_url" },
        };
        var identity = IdentityResolver.Resolve(provider, Token, null, Json("""
            {"id":583231,"id_str":"583231s","login":"octocat","avatar_url":"https://a/1.png","email":"o@example.test",
             "bio":"hi","followers":20,"plan":{"name":"pro"},"tags":["a"],"note":null,"":"empty"}
            """)).Identity!;
        Assert.Equal("583231s", identity.Subject);
        Assert.Equal(
            [
                new("sub", "583231s"), new("email", "o@example.test"), new("preferred_username", "octocat"), new("picture", "https://a/1.png"),
                new("bio", "hi"), new("followers", "20"), new KeyValuePair<string, string>("", "empty"),
            ],
            identity.Claims);
    }

    [Theory]
    [InlineData("""{"login":"octocat"}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":{"nested":1}}""")]
    [InlineData("""{"id":null}""")]
    public void A_userinfo_without_a_subject_at_the_mapped_path_gives_no_identity(string json)
    {
        var result = IdentityResolver.Resolve(GitHubLike, Token, null, Json(json));
        Assert.Equal(IdentityError.SubjectUnavailable, result.Error);
        Assert.Null(result.Identity);
    }

    [Fact]
    public void A_failed_userinfo_call_gives_no_identity_rather_than_a_made_up_one() =>
        Assert.Equal(IdentityError.SubjectUnavailable, IdentityResolver.Resolve(GitHubLike, Token, null, null).Error);

    [Fact]
    public void Nested_paths_reach_into_objects_and_arrays()
    {
        var twitchLike = GitHubLike with { ClaimMap = new Dictionary<string, string> { ["sub"] = "data.0.id", ["name"] = "data.0.display_name" } };
        var identity = IdentityResolver.Resolve(twitchLike, Token, null, Json("""{"data":[{"id":"141981764","display_name":"TwitchDev"}]}""")).Identity!;
        Assert.Equal(("141981764", "TwitchDev"), (identity.Subject, identity.Claim("name")));
    }

    [Fact]
    public void An_OAuth1_login_without_userinfo_is_identified_by_its_token_response()
    {
        var x = new OAuth1ProviderDefinition("x", "ck", "cs", "https://x.example/rt", "https://x.example/auth", "https://x.example/at")
        {
            ClaimMap = new Dictionary<string, string> { ["sub"] = "user_id", ["preferred_username"] = "screen_name" },
        };
        var token = new OAuth1Token("t", "s") { Extra = new Dictionary<string, string> { ["user_id"] = "6253282", ["screen_name"] = "twitterapi" } };
        var identity = IdentityResolver.Resolve(x, token, null, null).Identity!;
        Assert.Equal(("6253282", "twitterapi"), (identity.Subject, identity.Claim("preferred_username")));
        Assert.Equal(IdentityError.SubjectUnavailable, IdentityResolver.Resolve(x, new OAuth1Token("t", "s"), null, null).Error);
    }
}
