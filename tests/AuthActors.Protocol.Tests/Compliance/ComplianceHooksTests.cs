using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Providers;

namespace AuthActors.Protocol.Tests.Compliance;

/// <summary>The compliance hook registry (the seed's <c>session.register_compliance_hook</c>).</summary>
public sealed class ComplianceHooksTests
{
    private static readonly OAuthHttpRequest Request = OAuthHttpRequest.Create("GET", "https://api.example.com/x");

    private static RequestHook Append(string mark) => r => r.WithHeader("X-Order", (r.Header("X-Order") ?? string.Empty) + mark);

    [Fact]
    public void Request_hooks_run_in_registration_order()
    {
        var hooks = new ComplianceHooks()
            .RegisterComplianceHook("protected_request", Append("1"))
            .RegisterComplianceHook("protected_request", Append("2"))
            .RegisterComplianceHook("protected_request", Append("3"));

        Assert.Equal("123", hooks.Apply(ComplianceHookPoint.ProtectedRequest, Request).Header("X-Order"));
        Assert.Equal(3, hooks.Count(ComplianceHookPoint.ProtectedRequest));
    }

    [Fact]
    public void Response_hooks_run_in_registration_order_and_only_at_their_point()
    {
        var hooks = new ComplianceHooks()
            .RegisterComplianceHook("access_token_response", (OAuthHttpResponse r) => r with { Body = r.Body + "a" })
            .RegisterComplianceHook("access_token_response", (OAuthHttpResponse r) => r with { Body = r.Body + "b" })
            .RegisterComplianceHook("refresh_token_response", (OAuthHttpResponse r) => r with { Body = r.Body + "r" });

        Assert.Equal(">ab", hooks.Apply(ComplianceHookPoint.AccessTokenResponse, OAuthHttpResponse.Json(200, ">")).Body);
        Assert.Equal(">r", hooks.Apply(ComplianceHookPoint.RefreshTokenResponse, OAuthHttpResponse.Json(200, ">")).Body);
    }

    [Fact]
    public void Points_without_hooks_return_the_input_unchanged()
    {
        var hooks = new ComplianceHooks().RegisterComplianceHook("access_token_request", Append("x"));

        Assert.Same(Request, hooks.Apply(ComplianceHookPoint.RevokeTokenRequest, Request));
        Assert.Equal(0, hooks.Count(ComplianceHookPoint.RevokeTokenRequest));
    }

    [Theory]
    [InlineData("access_token_requests")]
    [InlineData("Access_Token_Request")] // names are case-sensitive, as in the seed
    [InlineData("token_request")]
    [InlineData("")]
    public void Unknown_hook_name_is_an_argument_exception_listing_the_valid_names(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ComplianceHooks().RegisterComplianceHook(name, Append("x")));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        foreach (var valid in ComplianceHookNames.All)
        {
            Assert.Contains(valid, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("access_token_response")]
    [InlineData("refresh_token_response")]
    public void Request_hook_under_a_response_name_is_refused(string name)
    {
        var hooks = new ComplianceHooks();

        Assert.Throws<ArgumentException>(() => hooks.RegisterComplianceHook(name, Append("x")));
        Assert.Equal(0, hooks.Count(ComplianceHookNames.Parse(name)));
    }

    [Theory]
    [InlineData("access_token_request")]
    [InlineData("refresh_token_request")]
    [InlineData("revoke_token_request")]
    [InlineData("introspect_token_request")]
    [InlineData("protected_request")]
    public void Response_hook_under_a_request_name_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new ComplianceHooks().RegisterComplianceHook(name, (OAuthHttpResponse r) => r));
    }

    [Fact]
    public void Null_hook_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new ComplianceHooks().RegisterComplianceHook("protected_request", (RequestHook)null!));
    }

    [Fact]
    public void Hook_names_map_to_points_and_back()
    {
        Assert.Equal(7, ComplianceHookNames.All.Count);
        foreach (var name in ComplianceHookNames.All)
        {
            Assert.Equal(name, ComplianceHookNames.NameOf(ComplianceHookNames.Parse(name)));
        }
    }

    // The seed's shape: a compliance_fix is a function that receives the session and registers hooks.
    private static void SeedStyleFix(ComplianceHooks session)
    {
        session.RegisterComplianceHook("access_token_request", r => r.WithHeader("X-Client", "seed"));
        session.RegisterComplianceHook("access_token_response", (OAuthHttpResponse r) => r with { Body = r.Body.Replace("\"bot\"", "\"Bearer\"", StringComparison.Ordinal) });
        session.RegisterComplianceHook("protected_request", r => r.WithHeader("Accept", "application/vnd.example+json"));
    }

    [Fact]
    public void Compliance_fix_delegate_registers_several_hooks_that_the_flow_then_applies()
    {
        var provider = new OAuth2ProviderDefinition("p", "app", "s", "https://idp/authorize", "https://idp/token") { ComplianceFix = SeedStyleFix };

        var hooks = provider.CreateHooks();

        Assert.Equal((1, 1, 1), (hooks.Count(ComplianceHookPoint.AccessTokenRequest), hooks.Count(ComplianceHookPoint.AccessTokenResponse), hooks.Count(ComplianceHookPoint.ProtectedRequest)));
        Assert.Equal("seed", OAuth2Flow.AccessTokenRequest(provider, hooks, "c", null, null, DateTimeOffset.UnixEpoch, "j").Header("X-Client"));
        Assert.True(OAuth2Flow.AccessTokenResponse(hooks, OAuthHttpResponse.Json(200, "{\"access_token\":\"a\",\"token_type\":\"bot\"}"), DateTimeOffset.UnixEpoch).Token!.IsBearer);
    }

    [Fact]
    public void Registry_from_several_fixes_registers_them_in_order_and_skips_null()
    {
        ComplianceFix first = s => s.RegisterComplianceHook("protected_request", Append("A"));
        ComplianceFix second = s => s.RegisterComplianceHook("protected_request", Append("B"));

        var hooks = ComplianceHooks.From(first, null, second);

        Assert.Equal("AB", hooks.Apply(ComplianceHookPoint.ProtectedRequest, Request).Header("X-Order"));
        Assert.Equal(0, ComplianceHooks.From().Count(ComplianceHookPoint.ProtectedRequest));
    }

    [Fact]
    public void Concurrent_registrations_are_all_kept()
    {
        var hooks = new ComplianceHooks();

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
            hooks.RegisterComplianceHook("protected_request", r => r.WithHeader("X-Count",
                ((int.TryParse(r.Header("X-Count"), out var n) ? n : 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(1000, hooks.Count(ComplianceHookPoint.ProtectedRequest));
        Assert.Equal("1000", hooks.Apply(ComplianceHookPoint.ProtectedRequest, Request).Header("X-Count"));
    }
}
