using System.Text.Json;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth2.Rfc6749;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;
using Xunit.Abstractions;
using static AuthActors.Protocol.Tests.Corpus.CorpusData;

namespace AuthActors.Protocol.Tests.Corpus;

/// <summary>
/// The protocol parsers against the bad-input corpus (tests/corpus): every case gets exactly its expected typed
/// outcome, and no input makes a parser throw. A case marked <c>knownDefect</c> is a bug in src: it is run and its
/// result written to the test output, but not asserted (see tests/corpus/README.md).
/// </summary>
public sealed class ProtocolCorpusTests(ITestOutputHelper output)
{
    public const string OAuth2Tokens = "oauth2-token-responses.json";
    public const string OAuth1Tokens = "oauth1-token-responses.json";
    public const string OAuth2Callbacks = "oauth2-callbacks.json";
    public const string OAuth1Callbacks = "oauth1-callbacks.json";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> OAuth2TokenCases() => Ids(OAuth2Tokens);

    public static TheoryData<string> OAuth1TokenCases() => Ids(OAuth1Tokens);

    public static TheoryData<string> OAuth2CallbackCases() => Ids(OAuth2Callbacks);

    public static TheoryData<string> OAuth1CallbackCases() => Ids(OAuth1Callbacks);

    [Theory]
    [MemberData(nameof(OAuth2TokenCases))]
    public void OAuth2_token_response(string id) => Run(OAuth2Tokens, id, (c, m) =>
    {
        var result = OAuth2Flow.ReadAccessToken(Response(c), Now);
        var expect = c.GetProperty("expect");
        CheckError(m, expect, result);
        if (result.IsError)
        {
            m.Check("token on error", null, result.Token?.AccessToken);
            return;
        }

        var token = result.Token;
        if (token is null || string.IsNullOrEmpty(token.AccessToken))
        {
            m.Add("a success without an access token");
            return;
        }

        m.CheckIf(expect, "accessToken", token.AccessToken);
        m.CheckIf(expect, "tokenType", token.TokenType);
        m.CheckIf(expect, "refreshToken", token.RefreshToken);
        m.CheckIf(expect, "scope", token.Scope);
        m.CheckIf(expect, "idToken", token.IdToken);
        if (Has(expect, "expiresIn"))
        {
            m.Check("expiresIn", Long(expect, "expiresIn"), token.ExpiresIn);
            m.Check("expiresAt", token.ExpiresIn is { } s ? Now.AddSeconds(s) : null, token.ExpiresAt);
        }

        if (Long(expect, "accessTokenLength") is { } length)
        {
            m.Check("accessToken length", length, (long)token.AccessToken.Length);
        }

        CheckExtra(m, expect, token.Extra);
        if (expect.TryGetProperty("extraAbsent", out var absent))
        {
            foreach (var name in absent.EnumerateArray())
            {
                m.Check($"extra[{name.GetString()}] present", false, token.Extra.ContainsKey(name.GetString()!));
            }
        }
    });

    [Theory]
    [MemberData(nameof(OAuth1TokenCases))]
    public void OAuth1_token_response(string id) => Run(OAuth1Tokens, id, (c, m) =>
    {
        var response = Response(c);
        var result = Str(c, "step") == "request" ? OAuth1Flow.ReadRequestToken(response) : OAuth1Flow.ReadAccessToken(response);
        var expect = c.GetProperty("expect");
        CheckError(m, expect, result);
        if (result.IsError)
        {
            m.Check("token on error", null, result.Token?.Token);
            return;
        }

        if (result.Token is not { } token || string.IsNullOrEmpty(token.Token))
        {
            m.Add("a success without a token");
            return;
        }

        m.CheckIf(expect, "token", token.Token);
        m.CheckIf(expect, "secret", token.TokenSecret);
        if (Long(expect, "tokenLength") is { } length)
        {
            m.Check("token length", length, (long)token.Token.Length);
        }

        CheckExtra(m, expect, token.Extra);
    });

    [Theory]
    [MemberData(nameof(OAuth2CallbackCases))]
    public void OAuth2_callback(string id) => Run(OAuth2Callbacks, id, (c, m) =>
    {
        var parameters = FormEncoding.Parse(Str(c, "query"));
        var result = AuthorizationCallback.Validate(parameters, Str(c, "expectedState"), Str(c, "issuer"), Bool(c, "requireIssuer"));
        var expect = c.GetProperty("expect");
        CheckError(m, expect, result.Error);
        if (result.IsError)
        {
            m.Check("code on error", null, result.Code);
            return;
        }

        if (string.IsNullOrEmpty(result.Code))
        {
            m.Add("accepted without a code");
            return;
        }

        if (Str(c, "expectedState") is { } expected)
        {
            m.Check("accepted state", expected, result.State);
        }

        m.CheckIf(expect, "code", result.Code);
        m.CheckIf(expect, "state", result.State);
        if (Long(expect, "codeLength") is { } length)
        {
            m.Check("code length", length, (long)result.Code.Length);
        }
    });

    [Theory]
    [MemberData(nameof(OAuth1CallbackCases))]
    public void OAuth1_callback(string id) => Run(OAuth1Callbacks, id, (c, m) =>
    {
        var parameters = FormEncoding.Parse(Str(c, "query"));
        var result = OAuth1Messages.ValidateCallback(parameters, Str(c, "requestToken"));
        var expect = c.GetProperty("expect");
        CheckError(m, expect, result.Error);
        if (result.IsError)
        {
            m.Check("verifier on error", null, result.Verifier);
            return;
        }

        if (string.IsNullOrEmpty(result.Verifier))
        {
            m.Add("accepted without a verifier");
            return;
        }

        m.CheckIf(expect, "verifier", result.Verifier);
        if (Long(expect, "verifierLength") is { } length)
        {
            m.Check("verifier length", length, (long)result.Verifier.Length);
        }
    });

    [Fact]
    public void Every_case_has_a_unique_id_and_an_expected_outcome()
    {
        foreach (var file in new[] { OAuth2Tokens, OAuth1Tokens, OAuth2Callbacks, OAuth1Callbacks })
        {
            var cases = Cases(file).ToList();
            Assert.Equal(cases.Count, cases.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
            Assert.All(cases, c => Assert.True(Enum.TryParse<ErrorKind>(c.GetProperty("expect").GetProperty("kind").GetString(), out _)));
        }
    }

    [Fact]
    public void Known_defects_are_listed()
    {
        foreach (var file in new[] { OAuth2Tokens, OAuth1Tokens, OAuth2Callbacks, OAuth1Callbacks })
        {
            foreach (var c in Cases(file).Where(c => KnownDefect(c) is not null))
            {
                output.WriteLine($"{file} {c.GetProperty("id").GetString()}: {KnownDefect(c)}");
            }
        }
    }

    private void Run(string file, string id, Action<JsonElement, Mismatches> body)
    {
        var c = Case(file, id);
        var mismatches = new Mismatches();
        try
        {
            body(c, mismatches);
        }
        catch (Exception ex)
        {
            mismatches.Add($"threw {ex.GetType().Name}: {ex.Message}");
        }

        if (KnownDefect(c) is { } defect)
        {
            output.WriteLine($"KNOWN DEFECT {file} {id}: {defect}");
            output.WriteLine(mismatches.Count == 0
                ? "  the case now gets its expected outcome: remove knownDefect from the corpus"
                : "  " + string.Join("; ", mismatches));
            return;
        }

        Assert.True(mismatches.Count == 0, $"{file} {id}: " + string.Join("; ", mismatches));
    }

    private static OAuthHttpResponse Response(JsonElement c) => new(
        (int)(Long(c, "status") ?? 200),
        Str(c, "contentType"),
        Str(c, "body") ?? string.Empty,
        [],
        Str(c, "transportError"));

    private static void CheckError(Mismatches m, JsonElement expect, ProtocolResponse result)
    {
        CheckError(m, expect, result.Error);
        if (Has(expect, "httpStatus"))
        {
            m.Check("httpStatus", Long(expect, "httpStatus"), result.HttpStatus);
        }
    }

    private static void CheckError(Mismatches m, JsonElement expect, OAuthError? error)
    {
        var kind = Enum.Parse<ErrorKind>(Str(expect, "kind")!);
        m.Check("kind", kind, error?.Kind ?? ErrorKind.None);
        if (error is null || kind == ErrorKind.None)
        {
            return;
        }

        m.CheckIf(expect, "code", error.Code);
        m.CheckIf(expect, "description", error.Description);
        m.CheckIf(expect, "uri", error.Uri);
    }

    private static void CheckExtra(Mismatches m, JsonElement expect, IReadOnlyDictionary<string, string> extra)
    {
        if (!expect.TryGetProperty("extra", out var expected))
        {
            return;
        }

        foreach (var p in expected.EnumerateObject())
        {
            m.Check($"extra[{p.Name}]", Expand(p.Value.GetString()!), extra.TryGetValue(p.Name, out var v) ? v : null);
        }
    }

    /// <summary>The differences between a case's expectation and what happened.</summary>
    private sealed class Mismatches : List<string>
    {
        public void Check<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                Add($"{what}: expected {Show(expected)}, got {Show(actual)}");
            }
        }

        public void CheckIf(JsonElement expect, string name, string? actual)
        {
            if (Has(expect, name))
            {
                Check(name, Str(expect, name), actual);
            }
        }

        private static string Show<T>(T value) => value switch
        {
            null => "null",
            string s when s.Length > 80 => $"\"{Escape(s[..80])}...\" ({s.Length} chars)",
            string s => $"\"{Escape(s)}\"",
            _ => value.ToString()!,
        };

        private static string Escape(string s) =>
            string.Concat(s.Select(ch => ch < ' ' || char.IsSurrogate(ch) || ch == '\uFFFD' ? $"\\u{(int)ch:X4}" : ch.ToString()));
    }
}
