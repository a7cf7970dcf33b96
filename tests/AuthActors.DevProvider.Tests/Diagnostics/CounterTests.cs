using AuthActors.DevProvider.Tests.Support;
using E = AuthActors.DevProvider.DevProviderCounters.Endpoints;

namespace AuthActors.DevProvider.Tests.Diagnostics;

/// <summary>The counters, in process and over /_dev/counters.</summary>
public sealed class CounterTests : ProviderTest
{
    [Fact]
    public async Task A_code_flow_is_counted()
    {
        var tokens = await CodeFlowAsync();
        await Http.GetAsync(Server.OAuth2UserInfoUrl, ("Authorization", "Bearer " + (string)tokens.Json["access_token"]!));

        var snapshot = Server.Counters.Snapshot();

        Assert.Equal(1, snapshot.Get(E.OAuth2Authorize));
        Assert.Equal(1, snapshot.Get(E.OAuth2Token));
        Assert.Equal(1, snapshot.Get(E.OAuth2UserInfo));
        Assert.Equal(0, snapshot.Get(E.OAuth1RequestToken));
        Assert.Equal(1, snapshot.CodesIssued);
        Assert.Equal(1, snapshot.CodesRedeemed);
        Assert.Equal(0, snapshot.CodeReuseAttempts);
        Assert.Equal(1, Server.Counters.Get(E.OAuth2Token));
    }

    [Fact]
    public async Task Counters_are_served_as_json_and_can_be_reset()
    {
        await CodeFlowAsync();

        var json = (await Http.GetAsync(Server.BaseUrl + "/_dev/counters")).Json;

        Assert.Equal(1, (long)json["requests"]!["oauth2.token"]!);
        Assert.Equal(1, (long)json["codesIssued"]!);
        Assert.Equal(0, (long)json["oauth1AccessTokensIssued"]!);

        Server.Counters.Reset();
        Assert.Equal(0, Server.Counters.CodesIssued);
        Assert.Equal(0, Server.Counters.Get(E.OAuth2Token));
    }

    [Fact]
    public async Task Counting_is_thread_safe()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Http.GetAsync(Server.OAuth2UserInfoUrl)));

        Assert.Equal(40, Server.Counters.Get(E.OAuth2UserInfo));
    }
}
