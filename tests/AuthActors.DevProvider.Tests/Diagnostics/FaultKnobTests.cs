using System.Diagnostics;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2.Rfc6749;

namespace AuthActors.DevProvider.Tests.Diagnostics;

/// <summary>Latency, error and drop knobs, their per-request headers, and the /_dev control endpoints.</summary>
public sealed class FaultKnobTests : ProviderTest
{
    protected override void Configure(DevProviderOptions options) =>
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = "calm", ClientSecret = "calm-secret" });

    private Task<TestResponse> ClientCredentialsAsync(ClientAuthentication? auth = null, params (string, string)[] headers) =>
        SendTokenRequestAsync(TokenRequests.ClientCredentials(Server.OAuth2TokenUrl), auth, headers);

    [Fact]
    public async Task Latency_delays_the_answer()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { Latency = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var response = await ClientCredentialsAsync();

        Assert.Equal(200, response.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Latency_header_delays_one_request()
    {
        var watch = Stopwatch.StartNew();

        await ClientCredentialsAsync(headers: ("X-Dev-Latency-Ms", "250"));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(240), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Error_rate_one_answers_503_html_and_only_for_that_client()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { ErrorRate = 1.0 });

        var failing = await ClientCredentialsAsync();
        var calm = await ClientCredentialsAsync(Basic("calm", "calm-secret"));

        Assert.Equal(503, failing.Status);
        Assert.Equal("text/html", failing.ContentType);
        Assert.Equal(200, calm.Status);
        Assert.Equal(1, Server.Counters.InjectedFaults);
    }

    [Fact]
    public async Task Error_before_processing_leaves_the_code_unspent()
    {
        var verifier = NewVerifier();
        var code = await AuthorizeAsync(verifier);

        var failed = await RedeemAsync(code, verifier, headers: ("X-Dev-Fail", "503"));
        var retried = await RedeemAsync(code, verifier);

        Assert.Equal(503, failed.Status);
        Assert.Equal(200, retried.Status);
    }

    [Fact]
    public async Task Drop_rate_one_aborts_the_connection()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { DropRate = 1.0 });

        await Assert.ThrowsAsync<HttpRequestException>(() => ClientCredentialsAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => ClientCredentialsAsync(Basic("calm", "calm-secret"), ("X-Dev-Fail", "drop")));
        Assert.Equal(2, Server.Counters.InjectedFaults);
    }

    [Fact]
    public async Task Authorize_endpoint_ignores_error_and_drop_rates()
    {
        Server.Knobs.Set("dev-client", new DevClientKnobs { ErrorRate = 1.0, DropRate = 1.0 });

        var response = await Http.GetAsync(AuthorizeUrl(NewVerifier()), ("X-Dev-Fail", "drop"));

        Assert.Equal(302, response.Status);
    }

    [Fact]
    public async Task OAuth1_endpoints_honour_the_consumer_knobs()
    {
        Server.Knobs.Set("dev-consumer", new DevClientKnobs { ErrorRate = 1.0 });
        var request = OAuth1Messages.RequestToken(Server.OAuth1RequestTokenUrl, new("dev-consumer", "dev-consumer-secret"), "oob", "n", Clock.GetUtcNow().ToUnixTimeSeconds());

        Assert.Equal(503, (await Http.SendAsync(request)).Status);
        Assert.Equal(0, Server.Counters.RequestTokensIssued);
    }

    [Fact]
    public async Task Knobs_can_be_set_cleared_and_reset_over_http()
    {
        var set = await Http.SendAsync(new("POST", Server.BaseUrl + "/_dev/knobs/dev-client", [], Body: "{\"errorRate\":1,\"quirk\":\"slackShape\"}", ContentType: "application/json"));
        Assert.Equal(200, set.Status);
        Assert.Equal(DevQuirk.SlackShape, Server.Knobs.Get("dev-client")!.Quirk);
        Assert.Equal(503, (await ClientCredentialsAsync()).Status);

        var clear = await Http.SendAsync(new("DELETE", Server.BaseUrl + "/_dev/knobs/dev-client", []));
        Assert.Equal(204, clear.Status);
        Assert.Equal(200, (await ClientCredentialsAsync()).Status);

        Server.Knobs.Set("calm", new DevClientKnobs { DropRate = 1 });
        Assert.Equal(204, (await Http.SendAsync(new("POST", Server.BaseUrl + "/_dev/reset", []))).Status);
        Assert.Null(Server.Knobs.Get("calm"));
        Assert.Equal(0, Server.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));

        var invalid = await Http.SendAsync(new("POST", Server.BaseUrl + "/_dev/knobs/dev-client", [], Body: "{\"errorRate\":2}", ContentType: "application/json"));
        Assert.Equal(400, invalid.Status);
    }

    [Fact]
    public void Knob_rates_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Knobs.Set("x", new DevClientKnobs { ErrorRate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Knobs.Set("x", new DevClientKnobs { DropRate = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Knobs.Set("x", new DevClientKnobs { Latency = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Knobs.Set("x", new DevClientKnobs { AccessTokenLifetime = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public async Task Access_token_lifetime_knob_changes_expires_in_for_that_client_only()
    {
        var set = await Http.SendAsync(new("POST", Server.BaseUrl + "/_dev/knobs/dev-client", [], Body: "{\"accessTokenLifetimeSeconds\":5}", ContentType: "application/json"));
        Assert.Equal(200, set.Status);

        var shortLived = await ClientCredentialsAsync();
        var calm = await ClientCredentialsAsync(Basic("calm", "calm-secret"));

        Assert.Equal(5, (long?)shortLived.Json["expires_in"]);
        Assert.Equal((long)new DevProviderOptions().AccessTokenLifetime.TotalSeconds, (long?)calm.Json["expires_in"]);
    }

    [Fact]
    public void Seeded_fault_dice_repeat_their_decisions()
    {
        var a = new FaultDice(42);
        var b = new FaultDice(42);
        var rolls = Enumerable.Range(0, 64).Select(_ => a.Roll(0.5)).ToList();

        Assert.Equal(rolls, Enumerable.Range(0, 64).Select(_ => b.Roll(0.5)));
        Assert.Contains(true, rolls);
        Assert.Contains(false, rolls);
        Assert.False(a.Roll(0));
        Assert.True(a.Roll(1));
    }

    [Fact]
    public async Task Unparseable_knob_body_is_400()
    {
        var response = await Http.SendAsync(new("POST", Server.BaseUrl + "/_dev/knobs/dev-client", [], Body: "{nope", ContentType: "application/json"));

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid_request", (string?)response.Json["error"]);
    }
}
