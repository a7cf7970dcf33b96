using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AuthActors.Protocol.Http;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.DevProvider.Tests.Oidc;

/// <summary>OpenID Connect Discovery 1.0 and the JWK Set.</summary>
public sealed class DiscoveryTests : OidcTest
{
    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => (string)n!).ToArray();

    [Fact]
    public async Task Discovery_document_describes_the_provider()
    {
        var doc = await DiscoveryAsync();

        Assert.Equal(Server.Issuer, (string?)doc["issuer"]);
        Assert.Equal(Server.OAuth2AuthorizeUrl, (string?)doc["authorization_endpoint"]);
        Assert.Equal(Server.OAuth2TokenUrl, (string?)doc["token_endpoint"]);
        Assert.Equal(Server.OAuth2UserInfoUrl, (string?)doc["userinfo_endpoint"]);
        Assert.Equal(Server.JwksUrl, (string?)doc["jwks_uri"]);
        Assert.Equal(Server.OAuth2RevocationUrl, (string?)doc["revocation_endpoint"]);
        Assert.Equal(Server.OAuth2IntrospectionUrl, (string?)doc["introspection_endpoint"]);
        Assert.Subset(Strings(doc["scopes_supported"]).ToHashSet(), new HashSet<string> { "openid", "profile", "email", "offline_access" });
        Assert.Equal(["code"], Strings(doc["response_types_supported"]));
        Assert.Equal(["query", "form_post"], Strings(doc["response_modes_supported"]));
        Assert.Contains("authorization_code", Strings(doc["grant_types_supported"]));
        Assert.Contains("refresh_token", Strings(doc["grant_types_supported"]));
        Assert.Equal(["public"], Strings(doc["subject_types_supported"]));
        Assert.Equal(["RS256", "ES256"], Strings(doc["id_token_signing_alg_values_supported"]));
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"], Strings(doc["token_endpoint_auth_methods_supported"]));
        Assert.Equal(["S256"], Strings(doc["code_challenge_methods_supported"]));
        Assert.Subset(Strings(doc["claims_supported"]).ToHashSet(),
            new HashSet<string> { "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "name", "email", "preferred_username" });
        Assert.True((bool)doc["authorization_response_iss_parameter_supported"]!);
        Assert.Equal(1, Server.Counters.Get(DevProviderCounters.Endpoints.OidcDiscovery));
    }

    [Fact]
    public async Task A_metadata_outage_answers_503_for_both_documents_keeps_the_keys_and_ends_with_a_reset()
    {
        Server.Knobs.MetadataUnavailable = true;

        Assert.Equal(503, (await Http.GetAsync(Server.OidcDiscoveryUrl)).Status);
        Assert.Equal(503, (await Http.GetAsync(Server.MetadataUrl)).Status);
        Assert.Equal(200, (await Http.GetAsync(Server.JwksUrl)).Status);
        Assert.Equal(1, Server.Counters.Get(DevProviderCounters.Endpoints.OidcDiscovery));

        Server.Knobs.ClearAll();
        Assert.Equal(Server.Issuer, (string?)(await DiscoveryAsync())["issuer"]);
        Assert.Equal(200, (await Http.GetAsync(Server.MetadataUrl)).Status);
    }

    [Fact]
    public async Task Rfc8414_metadata_names_the_same_issuer_and_jwks_uri()
    {
        var metadata = (await Http.GetAsync(Server.MetadataUrl)).Json;
        var doc = await DiscoveryAsync();

        Assert.Equal((string?)doc["issuer"], (string?)metadata["issuer"]);
        Assert.Equal(Server.JwksUrl, (string?)metadata["jwks_uri"]);
    }

    [Fact]
    public async Task Jwks_lists_the_public_rs256_and_es256_keys_only()
    {
        var response = await Http.GetAsync(Server.JwksUrl);
        var keys = response.Json["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();

        Assert.Equal(200, response.Status);
        Assert.Equal(2, keys.Count);
        var rsa = Assert.Single(keys, k => (string?)k["kty"] == "RSA");
        var ec = Assert.Single(keys, k => (string?)k["kty"] == "EC");
        Assert.Equal(("RS256", "sig"), ((string?)rsa["alg"], (string?)rsa["use"]));
        Assert.Equal(("ES256", "sig", "P-256"), ((string?)ec["alg"], (string?)ec["use"], (string?)ec["crv"]));
        Assert.Equal(Server.State.SigningKeyId("RS256"), (string?)rsa["kid"]);
        Assert.Equal(Server.State.SigningKeyId("ES256"), (string?)ec["kid"]);
        Assert.NotEqual((string?)rsa["kid"], (string?)ec["kid"]);
        foreach (var privatePart in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.All(keys, k => Assert.False(k.ContainsKey(privatePart), privatePart));
        }

        Assert.Equal(1, Server.Counters.Get(DevProviderCounters.Endpoints.OAuth2Jwks));
    }

    [Fact]
    public async Task Id_token_fault_is_set_by_name_through_the_knobs_endpoint()
    {
        var set = await Http.SendAsync(OAuthHttpRequest.Create("POST", Server.BaseUrl + "/_dev/knobs/dev-client") with
        {
            Body = "{\"idTokenFault\":\"AlgNone\"}", ContentType = "application/json",
        });
        var bad = await Http.SendAsync(OAuthHttpRequest.Create("POST", Server.BaseUrl + "/_dev/knobs/dev-client") with
        {
            Body = "{\"idTokenFault\":\"NoSuchFault\"}", ContentType = "application/json",
        });

        Assert.Equal(200, set.Status);
        Assert.Equal("AlgNone", (string?)set.Json["idTokenFault"]);
        Assert.Equal(DevIdTokenFault.AlgNone, Server.Knobs.Get("dev-client")!.IdTokenFault);
        Assert.Equal(400, bad.Status);
        Assert.Equal("none", (string?)Header(await IdTokenAsync())["alg"]);
    }

    [Fact]
    public void Unknown_fault_values_are_refused_by_the_knobs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Server.Knobs.Set("dev-client", new DevClientKnobs { IdTokenFault = (DevIdTokenFault)999 }));
    }
}

/// <summary>Signing keys injected through the options.</summary>
public sealed class InjectedKeyTests : OidcTest
{
    private readonly RSA _rsa = RSA.Create(2048);

    protected override void Configure(DevProviderOptions options)
    {
        base.Configure(options);
        options.RsaSigningKey = _rsa;
    }

    [Fact]
    public async Task Injected_rsa_key_is_published_under_its_thumbprint()
    {
        var jwks = await JwksAsync();
        var expected = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)));

        var key = Assert.Single(jwks.Keys, k => k.Kty == "RSA");
        Assert.Equal(expected.N, key.N);
        Assert.Equal(Base64UrlEncoder.Encode(expected.ComputeJwkThumbprint()), key.Kid);
        Assert.True((await ValidateAsync(await IdTokenAsync())).IsValid);
    }

    [Fact]
    public void Bad_options_are_refused_when_the_state_is_created()
    {
        using var small = RSA.Create(1024);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var badAlg = new DevProviderOptions();
        badAlg.OAuth2Clients[0].IdTokenSigningAlgorithm = "HS256";

        Assert.Throws<ArgumentException>(() => new DevProviderState(new DevProviderOptions { RsaSigningKey = small }));
        Assert.Throws<ArgumentException>(() => new DevProviderState(new DevProviderOptions { EcSigningKey = p384 }));
        Assert.Throws<ArgumentException>(() => new DevProviderState(new DevProviderOptions { IdTokenLifetime = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new DevProviderState(badAlg));
    }
}
