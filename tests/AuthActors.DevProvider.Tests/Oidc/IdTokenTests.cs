using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2.Rfc6749;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthActors.DevProvider.Tests.Oidc;

/// <summary>id_tokens from the code and refresh grants (OpenID Connect Core §3.1.3.3, §12.2) and key rotation.</summary>
public sealed class IdTokenTests : OidcTest
{
    [Fact]
    public async Task Code_flow_with_openid_and_a_nonce_yields_an_id_token_that_validates_against_the_jwks()
    {
        var (tokens, _) = await OidcFlowAsync(scope: "openid profile");
        var idToken = (string)tokens["id_token"]!;

        var result = await ValidateAsync(idToken);

        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(Server.State.SigningKeyId("RS256"), jwt.Kid);
        Assert.Equal(Server.Issuer, jwt.Issuer);
        Assert.Equal(["dev-client"], jwt.Audiences);
        Assert.Equal("dev-user-1", jwt.Subject);
        Assert.Equal(Nonce, jwt.GetClaim("nonce").Value);
        Assert.Equal(ExpectedAtHash((string)tokens["access_token"]!), jwt.GetClaim("at_hash").Value);
        var payload = Payload(idToken);
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, (long)payload["iat"]!);
        Assert.Equal(now + 300, (long)payload["exp"]!);
        Assert.Equal(now, (long)payload["auth_time"]!);
        Assert.Equal("Dev User", (string?)payload["name"]);
        Assert.Equal("dev@example.test", (string?)payload["email"]);
        Assert.Equal("devuser", (string?)payload["preferred_username"]);
        Assert.False(payload.ContainsKey("azp"));
        Assert.False(payload.ContainsKey("nbf"));
    }

    [Fact]
    public async Task Es256_client_gets_an_es256_id_token()
    {
        var idToken = await IdTokenAsync(EsClient);

        var result = await ValidateAsync(idToken, audience: EsClient);

        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("ES256", (string?)Header(idToken)["alg"]);
        Assert.Equal(Server.State.SigningKeyId("ES256"), (string?)Header(idToken)["kid"]);
    }

    [Fact]
    public async Task Without_openid_there_is_no_id_token()
    {
        var (tokens, _) = await OidcFlowAsync(scope: "profile");

        Assert.False(tokens.ContainsKey("id_token"));
        Assert.Equal(0, Server.Counters.Get(DevProviderCounters.Endpoints.OAuth2Jwks));
    }

    [Fact]
    public async Task Without_a_nonce_the_id_token_has_none()
    {
        var (tokens, _) = await OidcFlowAsync(nonce: null);

        Assert.False(Payload((string)tokens["id_token"]!).ContainsKey("nonce"));
    }

    [Fact]
    public async Task Refresh_of_an_openid_grant_yields_a_fresh_id_token_without_nonce()
    {
        var (tokens, _) = await OidcFlowAsync();
        var first = Payload((string)tokens["id_token"]!);
        Clock.Advance(TimeSpan.FromMinutes(2));

        var refreshed = (await SendTokenRequestAsync(TokenRequests.RefreshToken(Server.OAuth2TokenUrl, (string)tokens["refresh_token"]!))).Json;
        var idToken = (string)refreshed["id_token"]!;

        Assert.True((await ValidateAsync(idToken)).IsValid);
        var payload = Payload(idToken);
        Assert.False(payload.ContainsKey("nonce"));
        Assert.Equal((string?)first["sub"], (string?)payload["sub"]);
        Assert.Equal((long)first["auth_time"]!, (long)payload["auth_time"]!);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal(ExpectedAtHash((string)refreshed["access_token"]!), (string?)payload["at_hash"]);
    }

    [Fact]
    public async Task Rotation_without_keeping_changes_the_kid_and_drops_the_old_key()
    {
        var before = await IdTokenAsync();

        Server.RotateSigningKeys(keepPrevious: false);
        var after = await IdTokenAsync();
        var kids = (await JwksAsync()).Keys.Select(k => k.Kid).ToList();

        Assert.NotEqual((string?)Header(before)["kid"], (string?)Header(after)["kid"]);
        Assert.Equal(Server.State.SigningKeyId("RS256"), (string?)Header(after)["kid"]);
        Assert.Equal(2, kids.Count);
        Assert.DoesNotContain((string?)Header(before)["kid"], kids);
        Assert.True((await ValidateAsync(after)).IsValid);
        Assert.False((await ValidateAsync(before)).IsValid);
    }

    [Fact]
    public async Task Rotation_through_the_control_endpoint_keeps_the_previous_keys_on_request()
    {
        var before = await IdTokenAsync();
        var oldEs = Server.State.SigningKeyId("ES256");

        var rotate = await Http.SendAsync(OAuthHttpRequest.Create("POST", Server.BaseUrl + "/_dev/rotate-keys?keepPrevious=true"));
        var after = await IdTokenAsync();
        var kids = (await JwksAsync()).Keys.Select(k => k.Kid).ToList();

        Assert.Equal(200, rotate.Status);
        Assert.Equal(Server.State.SigningKeyId("RS256"), (string?)rotate.Json["signingKids"]!["RS256"]);
        Assert.NotEqual(oldEs, Server.State.SigningKeyId("ES256"));
        Assert.Equal(4, kids.Count);
        Assert.Contains((string?)Header(before)["kid"], kids);
        Assert.Contains((string?)Header(after)["kid"], kids);
        Assert.True((await ValidateAsync(before)).IsValid);
        Assert.True((await ValidateAsync(after)).IsValid);
        Assert.Equal(400, (await Http.SendAsync(OAuthHttpRequest.Create("POST", Server.BaseUrl + "/_dev/rotate-keys?keepPrevious=maybe"))).Status);
    }
}
