using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuthActors.Web.Tests.Support;

namespace AuthActors.Web.Tests;

/// <summary>
/// Bad <c>form_post</c> callback bodies over real HTTP: a typed 400 (413 when too large), problem details, no
/// stack trace, and nothing logged at Error level. The fixture gives bodies a 2 s deadline.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed class CallbackBodyTests(WebFixture fx) : IClassFixture<WebFixture>
{
    private const string Path = "/auth/dev-oidc/callback";

    public static TheoryData<string, string, int> WrongBodies => new()
    {
        { "multipart", "multipart/form-data; boundary=xyz", 400 },
        { "broken multipart", "multipart/form-data", 400 },
        { "json", "application/json", 400 },
        { "text", "text/plain", 400 },
    };

    [Theory]
    [MemberData(nameof(WrongBodies))]
    public async Task A_callback_body_of_the_wrong_type_is_a_typed_400(string what, string contentType, int status)
    {
        var logs = fx.Web.Logs.Length;
        using var client = HttpLogin.Client(fx.Web.BaseUrl);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(what == "json" ? """{"code":"c","state":"s"}""" : "--xyz\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nc\r\n--xy"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(Path, content);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertTypedAsync(response);
        AssertNoErrorLogged(logs);
    }

    [Fact]
    public async Task A_well_formed_form_post_reaches_the_engine()
    {
        using var client = HttpLogin.Client(fx.Web.BaseUrl);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var response = await client.PostAsync(Path, new FormUrlEncodedContent([new("code", "c"), new("state", new string('A', 43))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BindingMismatch", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["reason"]);
    }

    [Theory]
    [InlineData("code=%E2%82&state=%")]
    [InlineData("code&&=&state")]
    [InlineData("%%%%")]
    public async Task A_truncated_or_garbled_form_is_a_typed_4xx_not_a_500(string form)
    {
        var logs = fx.Web.Logs.Length;
        using var client = HttpLogin.Client(fx.Web.BaseUrl);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync(Path, content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        AssertNoStackTrace(await response.Content.ReadAsStringAsync());
        AssertNoErrorLogged(logs);
    }

    [Fact]
    public async Task A_body_declaring_40_MB_is_413_without_being_read()
    {
        var logs = fx.Web.Logs.Length;
        var (status, text) = await RawHttp.SendAsync(fx.Web.Port,
            $"POST {Path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\nContent-Length: {40 * 1024 * 1024}\n", new byte[1024]);

        Assert.Equal(413, status);
        AssertNoStackTrace(text);
        AssertNoErrorLogged(logs);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        var logs = fx.Web.Logs.Length;
        var chunk = Encoding.ASCII.GetBytes("code=" + new string('x', 20 * 1024));
        var body = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat(Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")).ToArray();
        var (status, text) = await RawHttp.SendAsync(fx.Web.Port,
            $"POST {Path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\nTransfer-Encoding: chunked\n", body);

        Assert.Equal(413, status);
        AssertNoStackTrace(text);
        AssertNoErrorLogged(logs);
    }

    [Fact]
    public async Task A_body_cut_short_by_the_client_is_a_typed_400_or_a_closed_connection_never_a_500()
    {
        var logs = fx.Web.Logs.Length;
        var (status, text) = await RawHttp.SendAsync(fx.Web.Port,
            $"POST {Path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 100\n", "code=abc&state=x"u8.ToArray(), closeSending: true);

        // Kestrel may treat the half-closed connection as gone; either way nothing fails on the server.
        Assert.Contains(status, new[] { 0, 400 });
        AssertNoStackTrace(text);
        AssertNoErrorLogged(logs);
    }

    [Fact]
    public async Task A_stalled_upload_is_cut_off_at_the_deadline_with_a_typed_400()
    {
        var logs = fx.Web.Logs.Length;
        var clock = Stopwatch.StartNew();
        var (status, text) = await RawHttp.SendAsync(fx.Web.Port,
            $"POST {Path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\nContent-Length: 100\n", "code=abc"u8.ToArray());

        Assert.Equal(400, status);
        // Cut at the 2 s deadline, not after Kestrel's minutes; the upper bound leaves room for a busy machine.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        Assert.Contains("did not arrive in time", text, StringComparison.Ordinal);
        AssertNoErrorLogged(logs);
    }

    private static async Task AssertTypedAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("InvalidRequest", (string?)JsonNode.Parse(text)!["reason"]);
        AssertNoStackTrace(text);
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private void AssertNoErrorLogged(int since)
    {
        Thread.Sleep(200); // let the child's log lines arrive
        var logs = fx.Web.Logs[since..];
        Assert.False(logs.Contains("fail:", StringComparison.Ordinal), logs);
        Assert.DoesNotContain("crit:", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logs, StringComparison.Ordinal);
    }
}
