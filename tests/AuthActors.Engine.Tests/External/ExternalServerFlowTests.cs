using AuthActors.Engine.Attempts;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.External;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Tests.External;

/// <summary>
/// Whole logins through IAuthFlows against panva's oidc-provider (node), which the project did not write:
/// configured by its metadata URL alone, the id_token validated against its JWKS, the RFC 9207 iss checked.
/// </summary>
public sealed class OidcProviderEngineTests(NodeOidcProviderFixture fx) : IClassFixture<NodeOidcProviderFixture>, IAsyncLifetime
{
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync(extraProviders: _ =>
    [
        new OAuth2ProviderDefinition("panva", fx.Provider.ClientId, fx.Provider.ClientSecret, string.Empty, string.Empty)
        {
            ServerMetadataUrl = fx.Provider.Issuer + "/.well-known/openid-configuration", Scope = "openid profile email",
        },
    ]);

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Logins_by_metadata_url_alone_are_identified_by_the_validated_id_token()
    {
        for (var i = 0; i < 5; i++)
        {
            var begun = await _engine.Flows.BeginAsync("panva", fx.Provider.RedirectUri);
            Assert.True(begun.IsSuccess, begun.Failure?.ToString());
            var callback = await fx.Provider.AuthorizeAsync(begun.AuthorizeUrl!);

            var completed = await _engine.Flows.CompleteAsync("panva", null, callback, begun.BindingSecret);

            Assert.True(completed.IsSuccess, completed.Failure?.ToString());
            var identity = completed.Identity!;
            Assert.Equal((fx.Provider.Issuer, "alice", true), (identity.Issuer, identity.Subject, identity.FromIdToken));
            Assert.Contains(identity.IdTokenClaims, c => c.Key == "nonce");
            Assert.NotNull(identity.UserInfo);
            Assert.NotNull(Assert.IsType<OAuth2Token>(completed.Token).RefreshToken);
        }
    }

    [Fact]
    public async Task A_callback_whose_iss_is_not_the_providers_is_refused_and_changes_nothing()
    {
        var begun = await _engine.Flows.BeginAsync("panva", fx.Provider.RedirectUri);
        var callback = await fx.Provider.AuthorizeAsync(begun.AuthorizeUrl!);
        var forged = callback.Select(p => p.Key == "iss" ? new KeyValuePair<string, string>("iss", "http://127.0.0.1:1/evil") : p).ToList();

        Assert.Equal(FailureReason.IssuerMismatch, (await _engine.Flows.CompleteAsync("panva", null, forged, begun.BindingSecret)).Failure?.Reason);
        var withoutIss = callback.Where(p => p.Key != "iss").ToList();
        Assert.Equal(FailureReason.IssuerMismatch, (await _engine.Flows.CompleteAsync("panva", null, withoutIss, begun.BindingSecret)).Failure?.Reason);

        Assert.True((await _engine.Flows.CompleteAsync("panva", null, callback, begun.BindingSecret)).IsSuccess);
    }
}

/// <summary>Whole OAuth 1.0a logins through IAuthFlows against a python3-oauthlib provider, which the project did not write.</summary>
public sealed class OAuthlibEngineTests : IAsyncLifetime
{
    private OAuthlibProvider _server = null!;
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await OAuthlibProvider.StartAsync();
        _engine = await EngineHarness.StartAsync(extraProviders: _ =>
        [
            new OAuth1ProviderDefinition("oauthlib", OAuthlibProvider.ClientKey, OAuthlibProvider.ClientSecret,
                _server.BaseUrl + "/request_token", _server.BaseUrl + "/authorize", _server.BaseUrl + "/access_token")
            {
                ApiBaseUrl = _server.BaseUrl + "/", UserInfoUrl = "user",
                ClaimMap = new Dictionary<string, string> { ["sub"] = "id_str", ["preferred_username"] = "screen_name" },
            },
        ]);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Twenty_logins_in_a_row_all_succeed_with_alphanumeric_nonces()
    {
        for (var i = 0; i < 20; i++)
        {
            var begun = await _engine.Flows.BeginAsync("oauthlib", OAuthlibProvider.Callback);
            Assert.True(begun.IsSuccess, $"login {i}: {begun.Failure}\n{_server.Log}");
            var callback = await OAuthlibProvider.ApproveAsync(begun.AuthorizeUrl!);

            var completed = await _engine.Flows.CompleteAsync("oauthlib", null, callback, begun.BindingSecret);

            Assert.True(completed.IsSuccess, $"login {i}: {completed.Failure}\n{_server.Log}");
            Assert.Equal(("4242", "alice"), (completed.Identity!.Subject, completed.Identity.Claim("preferred_username")));
            Assert.IsType<OAuth1Token>(completed.Token);
        }
    }
}
