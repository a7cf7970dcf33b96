using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.DevProvider.Tests.OAuth2;

/// <summary>The user pool of benchmarks: each login signs in one of N users; a login_hint still wins.</summary>
public sealed class UserPoolTests : ProviderTest
{
    protected override void Configure(DevProviderOptions options) => options.UserPool = 3;

    private async Task<string?> SubjectOfLoginAsync(params KeyValuePair<string, string>[] extra)
    {
        var verifier = NewVerifier();
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, extra: extra));
        var tokens = await RedeemAsync(authorize.LocationQuery.First("code")!, verifier);
        var user = await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + (string)tokens.Json["access_token"]!));
        return (string?)user.Json["sub"];
    }

    [Fact]
    public async Task Logins_sign_in_users_of_the_pool_and_a_login_hint_still_names_its_user()
    {
        var subjects = new HashSet<string?>();
        for (var i = 0; i < 24; i++)
        {
            subjects.Add(await SubjectOfLoginAsync());
        }

        Assert.Subset(new HashSet<string?> { "user-0", "user-1", "user-2" }, subjects);
        Assert.True(subjects.Count > 1, "24 logins all signed in the same user");
        Assert.Equal("alice", await SubjectOfLoginAsync(new KeyValuePair<string, string>("login_hint", "alice")));
    }
}
