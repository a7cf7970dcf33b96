using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AuthActors.DevProvider;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.Tokens;
using Xunit.Abstractions;
using static AuthActors.Protocol.Tests.Corpus.CorpusData;

namespace AuthActors.Engine.Tests.Corpus;

/// <summary>One engine for the whole engine corpus, warmed up by one login per provider (OIDC discovery included).</summary>
public sealed class EngineCorpusFixture : IAsyncLifetime
{
    public const string Callback = "http://127.0.0.1:9/auth/callback";

    public EngineHarness Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await EngineHarness.StartAsync();
        foreach (var provider in new[] { "dev2", "dev1", "oidc" })
        {
            var begun = await Engine.Flows.BeginAsync(provider, Callback);
            var completed = await Engine.Flows.CompleteAsync(provider, null, await Browser.ApproveAsync(begun.AuthorizeUrl!), begun.BindingSecret);
            if (!completed.IsSuccess)
            {
                throw new InvalidOperationException($"The warm-up login at {provider} failed: {completed.Failure}");
            }
        }
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

/// <summary>
/// The engine against the bad-input corpus (tests/corpus/engine-callbacks.json): a real login is begun and approved at
/// the DevProvider, its callback is mutated per the case and sent through <see cref="IAuthFlows.CompleteAsync"/>, and
/// then the untouched callback is sent. Each case asserts the typed outcome of the mutated callback, the outcome of the
/// original one (it still completes unless the case legitimately consumed the login), and that it took under 2 s.
/// A case marked <c>knownDefect</c> is run and reported, not asserted.
/// </summary>
public sealed class EngineCorpusTests(EngineCorpusFixture fixture, ITestOutputHelper output) : IClassFixture<EngineCorpusFixture>
{
    public const string File = "engine-callbacks.json";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>Refusals decided before any exchange: such a callback never reaches the token endpoint.</summary>
    private static readonly HashSet<string> Refusals =
    [
        "StateMismatch", "BindingMismatch", "UnknownAttempt", "UnknownProvider", "TokenMismatch", "IssuerMismatch",
        "MissingCode", "MissingVerifier", "Denied", "InvalidRequest",
    ];

    public static TheoryData<string> EngineCases() => Ids(File);

    private EngineHarness Engine => fixture.Engine;

    [Theory]
    [MemberData(nameof(EngineCases))]
    public async Task Engine_callback(string id)
    {
        var c = Case(File, id);
        var mismatches = new List<string>();
        var elapsed = Stopwatch.StartNew();
        try
        {
            await RunAsync(c, mismatches);
        }
        catch (Exception ex)
        {
            mismatches.Add($"threw {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            Engine.Provider.Knobs.ClearAll();
        }

        elapsed.Stop();
        if (elapsed.Elapsed > Budget)
        {
            mismatches.Add($"took {elapsed.Elapsed.TotalMilliseconds:0} ms, over the {Budget.TotalSeconds:0} s budget");
        }

        output.WriteLine($"{id}: {elapsed.Elapsed.TotalMilliseconds:0} ms");
        if (KnownDefect(c) is { } defect)
        {
            output.WriteLine($"KNOWN DEFECT {File} {id}: {defect}");
            output.WriteLine(mismatches.Count == 0
                ? "  the case now gets its expected outcome: remove knownDefect from the corpus"
                : "  " + string.Join("; ", mismatches));
            return;
        }

        Assert.True(mismatches.Count == 0, $"{File} {id}: " + string.Join("; ", mismatches));
    }

    [Fact]
    public void Every_engine_case_names_a_provider_and_known_outcomes()
    {
        var outcomes = Enum.GetNames<Attempts.FailureReason>().Append("Success").Append("completes").ToHashSet();
        foreach (var c in Cases(File))
        {
            Assert.Contains(Str(c, "provider"), new[] { "dev2", "dev1", "oidc" });
            Assert.Contains(Str(c, "expect")!, outcomes);
            Assert.Contains(Str(c, "original")!, outcomes);
            if (Str(c, "otherAfter") is { } otherAfter)
            {
                Assert.Contains(otherAfter, outcomes);
            }

            if (KnownDefect(c) is { } defect)
            {
                output.WriteLine($"{c.GetProperty("id").GetString()}: {defect}");
            }
        }
    }

    private async Task RunAsync(JsonElement c, List<string> mismatches)
    {
        var flows = Engine.Flows;
        var provider = Str(c, "provider")!;
        var login = await LoginAsync(provider);
        var other = Str(c, "other") is { } otherProvider ? await LoginAsync(otherProvider) : null;
        var variables = new Dictionary<string, string>
        {
            ["ATTEMPT"] = login.Begun.AttemptId,
            ["CODE"] = login.Callback.First("code") ?? string.Empty,
            ["TOKEN"] = login.Callback.First("oauth_token") ?? string.Empty,
            ["ISS"] = Engine.Provider.Issuer,
            ["UNKNOWN_ID"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
            ["OTHER_ATTEMPT"] = other?.Begun.AttemptId ?? string.Empty,
            ["OTHER_CODE"] = other?.Callback.First("code") ?? string.Empty,
            ["OTHER_TOKEN"] = other?.Callback.First("oauth_token") ?? string.Empty,
        };

        var parameters = Mutate(Str(c, "base") == "empty" ? [] : login.Callback, c, variables);
        var binding = Str(c, "binding") switch
        {
            null or "valid" => login.Begun.BindingSecret,
            "none" => null,
            "empty" => string.Empty,
            "wrong" => Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
            "oversized" => new string('b', 100_000),
            "nul" => login.Begun.BindingSecret + "\0",
            "crlf" => login.Begun.BindingSecret + "\r\n",
            "lone-surrogate" => login.Begun.BindingSecret[..^1] + "\uD800",
            "other" => other?.Begun.BindingSecret ?? throw new InvalidOperationException("binding 'other' needs 'other'"),
            var b => throw new InvalidOperationException($"Unknown binding '{b}'."),
        };
        var attemptId = Str(c, "attemptId", variables);
        var completeOn = Str(c, "completeOn") ?? provider;
        var afterOriginal = Str(c, "order") == "afterOriginal";

        CompleteResult? original = null;
        var sinceCompletion = new Stopwatch();
        if (afterOriginal)
        {
            original = await flows.CompleteAsync(provider, null, login.Callback, login.Begun.BindingSecret);
            sinceCompletion.Start();
            Check(mismatches, "original (sent first)", "Success", original);
        }

        if (c.TryGetProperty("knobs", out var knobs))
        {
            Engine.Provider.Knobs.Set(provider == "dev1" ? "dev-consumer" : "dev-client", new DevClientKnobs
            {
                Quirk = Str(knobs, "quirk") is { } quirk ? Enum.Parse<DevQuirk>(quirk) : DevQuirk.None,
                ErrorRate = knobs.TryGetProperty("errorRate", out var error) ? error.GetDouble() : 0,
                DropRate = knobs.TryGetProperty("dropRate", out var drop) ? drop.GetDouble() : 0,
            });
        }

        var times = (int)(Long(c, "times") ?? 1);
        var exchanges = TokenRequests();
        var mutated = await Task.WhenAll(Enumerable.Range(0, times).Select(_ => flows.CompleteAsync(completeOn, attemptId, parameters, binding)));
        Engine.Provider.Knobs.ClearAll();
        var expect = Str(c, "expect")!;
        if (afterOriginal && sinceCompletion.Elapsed > TimeSpan.FromSeconds(1))
        {
            mismatches.Add($"the replay came {sinceCompletion.Elapsed.TotalMilliseconds:0} ms after completion, not within 1 s (the grace period is the engine owner's case)");
        }

        if (Refusals.Contains(expect) && TokenRequests() != exchanges)
        {
            mismatches.Add("a refused callback reached the token endpoint");
        }
        foreach (var result in mutated)
        {
            Check(mismatches, "mutated callback", expect, result);
        }

        if (!afterOriginal)
        {
            original = await flows.CompleteAsync(provider, null, login.Callback, login.Begun.BindingSecret);
            Check(mismatches, "original callback afterwards", Str(c, "original")!, original);
        }

        if (Bool(c, "sameToken"))
        {
            foreach (var result in mutated)
            {
                if (TokenOf(result) != TokenOf(original!))
                {
                    mismatches.Add("the mutated callback's token is not the login's");
                }
            }
        }

        if (other is not null)
        {
            var otherResult = await flows.CompleteAsync(other.Provider, null, other.Callback, other.Begun.BindingSecret);
            Check(mismatches, "the other login afterwards", Str(c, "otherAfter") ?? "Success", otherResult);
        }

        // No attempt was made up for an id the engine never issued.
        var unknown = await flows.GetStatusAsync(completeOn == "nope" ? provider : completeOn, variables["UNKNOWN_ID"]);
        if (unknown.Phase != Attempts.AttemptPhase.None)
        {
            mismatches.Add($"the never-issued attempt id is now {unknown.Phase}");
        }
    }

    private long TokenRequests() =>
        Engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token) + Engine.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken);

    private async Task<Login> LoginAsync(string provider)
    {
        var begun = await Engine.Flows.BeginAsync(provider, EngineCorpusFixture.Callback);
        Assert.True(begun.IsSuccess, begun.Failure?.ToString());
        return new Login(provider, begun, await Browser.ApproveAsync(begun.AuthorizeUrl!));
    }

    private static List<KeyValuePair<string, string>> Mutate(
        IReadOnlyList<KeyValuePair<string, string>> callback, JsonElement c, IReadOnlyDictionary<string, string> variables)
    {
        var list = callback.ToList();
        if (!c.TryGetProperty("mutations", out var mutations))
        {
            return list;
        }

        foreach (var m in mutations.EnumerateArray())
        {
            var name = Str(m, "name")!;
            var value = Str(m, "value", variables);
            switch (Str(m, "op"))
            {
                case "remove":
                    list.RemoveAll(p => p.Key == name);
                    break;
                case "set":
                    var at = list.FindIndex(p => p.Key == name);
                    list.RemoveAll(p => p.Key == name);
                    list.Insert(at < 0 ? list.Count : at, new(name, value!));
                    break;
                case "add":
                    list.Add(new(name, value!));
                    break;
                case "prepend":
                    list.Insert(0, new(name, value!));
                    break;
                case "many":
                    list.AddRange(Enumerable.Range(0, (int)Long(m, "count")!.Value).Select(i => new KeyValuePair<string, string>(name + i, value!)));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown mutation '{Str(m, "op")}'.");
            }
        }

        return list;
    }

    private static void Check(List<string> mismatches, string what, string expected, CompleteResult result)
    {
        var actual = result.IsSuccess ? "Success" : result.Failure!.Reason.ToString();
        expected = expected == "completes" ? "Success" : expected;
        if (actual != expected)
        {
            mismatches.Add($"{what}: expected {expected}, got {actual}{(result.Failure?.Description is { } d ? $" ({d})" : string.Empty)}");
        }

        if (result.IsSuccess && TokenOf(result) is null)
        {
            mismatches.Add($"{what}: a success without a token");
        }
    }

    private static string? TokenOf(CompleteResult result) => result.Token switch
    {
        OAuth2Token t => t.AccessToken,
        OAuth1Token t => t.Token,
        _ => null,
    };

    private sealed record Login(string Provider, BeginResult Begun, IReadOnlyList<KeyValuePair<string, string>> Callback);
}
