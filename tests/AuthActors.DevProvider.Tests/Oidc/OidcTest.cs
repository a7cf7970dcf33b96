using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthActors.DevProvider.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Tests.Oidc;

/// <summary>A provider with an RS256 client (<c>dev-client</c>) and an ES256 client (<c>es-client</c>), and the relying party's steps.</summary>
public abstract class OidcTest : ProviderTest
{
    protected const string Nonce = "n-0S6_WzA2Mj";
    protected const string EsClient = "es-client";
    protected const string EsSecret = "es-secret";

    protected override void Configure(DevProviderOptions options) =>
        options.OAuth2Clients.Add(new DevOAuth2Client { ClientId = EsClient, ClientSecret = EsSecret, IdTokenSigningAlgorithm = "ES256" });

    /// <summary>Authorizes with <paramref name="scope"/> and <paramref name="nonce"/> and redeems the code; the token JSON and the authorization redirect.</summary>
    protected async Task<(JsonObject Tokens, TestResponse Authorize)> OidcFlowAsync(string clientId = "dev-client", string scope = "openid profile",
        string? nonce = Nonce)
    {
        var verifier = NewVerifier();
        KeyValuePair<string, string>[] extra = nonce is null ? [] : [new("nonce", nonce)];
        var authorize = await Http.GetAsync(AuthorizeUrl(verifier, scope: scope, clientId: clientId, extra: extra));
        Assert.Equal(302, authorize.Status);
        var code = authorize.LocationQuery.First("code") ?? throw new InvalidOperationException("No code in " + authorize.Location);
        var tokens = await RedeemAsync(code, verifier, clientId == EsClient ? Basic(EsClient, EsSecret) : Basic());
        Assert.Equal(200, tokens.Status);
        return (tokens.Json, authorize);
    }

    /// <summary>The id_token of a fresh flow.</summary>
    protected async Task<string> IdTokenAsync(string clientId = "dev-client") =>
        (string?)(await OidcFlowAsync(clientId)).Tokens["id_token"] ?? throw new InvalidOperationException("No id_token.");

    /// <summary>The discovery document.</summary>
    protected async Task<JsonObject> DiscoveryAsync()
    {
        var response = await Http.GetAsync(Server.OidcDiscoveryUrl);
        Assert.Equal(200, response.Status);
        return response.Json;
    }

    /// <summary>The JWK Set at the discovery document's <c>jwks_uri</c>.</summary>
    protected async Task<JsonWebKeySet> JwksAsync()
    {
        var response = await Http.GetAsync((string)(await DiscoveryAsync())["jwks_uri"]!);
        Assert.Equal(200, response.Status);
        return JsonWebKeySet.Create(response.Body);
    }

    /// <summary>Validates as a relying party would: signature against the JWKS, issuer, audience, lifetime.</summary>
    protected async Task<TokenValidationResult> ValidateAsync(string idToken, string audience = "dev-client")
    {
        var jwks = await JwksAsync();
        return await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Server.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
    }

    /// <summary>OpenID Connect Core §3.1.3.6, computed here without the library: left half of SHA-256, base64url without padding.</summary>
    protected static string ExpectedAtHash(string accessToken) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The decoded header of a compact JWS.</summary>
    protected static JsonObject Header(string jws) => JsonNode.Parse(Base64UrlEncoder.Decode(jws.Split('.')[0]))!.AsObject();

    /// <summary>The decoded payload of a compact JWS.</summary>
    protected static JsonObject Payload(string jws) => JsonNode.Parse(Base64UrlEncoder.Decode(jws.Split('.')[1]))!.AsObject();

    protected void SetFault(DevIdTokenFault fault, string clientId = "dev-client") =>
        Server.Knobs.Set(clientId, new DevClientKnobs { IdTokenFault = fault });
}
