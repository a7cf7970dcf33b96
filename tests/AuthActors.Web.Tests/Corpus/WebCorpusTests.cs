using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuthActors.DevProvider;
using AuthActors.Web.Tests.Support;
using Xunit.Abstractions;
using static AuthActors.Protocol.Tests.Corpus.CorpusData;

namespace AuthActors.Web.Tests.Corpus;

/// <summary>
/// The web frontend against the bad-input corpus (tests/corpus/web-callbacks.json) over real HTTP: a login is begun
/// with <c>GET /login/{provider}</c>, approved at the DevProvider, and its callback is sent back mutated per the case
/// (query, cookie, path, method and body), then the untouched callback (and any replays). Every answer is checked:
/// the expected status and failure reason (browser style: a redirect to <c>/error?reason=X&amp;provider=P</c>; problem
/// details when the answer is not a redirect), a session cookie only on success, no 5xx, no stack trace, under 2 s,
/// a local <c>Location</c>, and nothing logged at fail/crit nor any secret in the log. Each case talks from its own
/// loopback address (127.77.x.y), so the per-client callback rate limit never mixes cases. A case marked
/// <c>knownDefect</c> is run and reported, not asserted.
/// </summary>
[Collection(nameof(BrowserLoginTests))]
public sealed partial class WebCorpusTests(WebFixture fx, ITestOutputHelper output) : IClassFixture<WebFixture>
{
    public const string File = "web-callbacks.json";
    public const string SessionCookie = "authactors.session";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private static readonly string[] Providers = ["dev-oauth2", "dev-oauth1", "dev-oidc", "envoidc"];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly Dictionary<string, Task> WarmUps = new(StringComparer.Ordinal);
    private static int _clients;

    public static TheoryData<string> WebCases() => Ids(File);

    [Theory]
    [MemberData(nameof(WebCases))]
    public async Task Web_callback(string id)
    {
        var c = Case(File, id);
        await WarmUpAsync();
        var mismatches = new List<string>();
        var logStart = fx.Web.Logs.Length;
        var secrets = new List<string>();
        var elapsed = Stopwatch.StartNew();
        try
        {
            fx.Reset();
            await RunAsync(c, mismatches, secrets);
        }
        catch (Exception ex)
        {
            mismatches.Add($"threw {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            fx.Reset();
        }

        elapsed.Stop();
        await Task.Delay(100); // the log lines of the last answer
        var log = fx.Web.Logs[logStart..];
        foreach (var line in log.Split('\n').Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)))
        {
            mismatches.Add($"the web process logged: {line.Trim()}");
        }

        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
        {
            if (log.Contains(secret, StringComparison.Ordinal))
            {
                mismatches.Add($"a secret ({secret[..4]}...) is in the web process log");
            }
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

    /// <summary>
    /// One whole login per provider before the first case (like the engine corpus): OIDC discovery, JWKS and the JIT of
    /// a fresh process are not charged to whichever case happens to run first.
    /// </summary>
    private Task WarmUpAsync()
    {
        lock (WarmUps)
        {
            if (!WarmUps.TryGetValue(fx.Web.BaseUrl, out var warmUp))
            {
                warmUp = Task.WhenAll(Providers.Select(async provider =>
                {
                    var trace = await HttpLogin.RunAsync(fx.Web.BaseUrl, $"/login/{provider}");
                    if (trace.Callback.Headers.Location?.OriginalString != "/")
                    {
                        throw new InvalidOperationException($"The warm-up login at {provider} failed: {trace.Callback.StatusCode} {trace.Callback.Headers.Location}");
                    }
                }));
                WarmUps[fx.Web.BaseUrl] = warmUp;
            }

            return warmUp;
        }
    }

    [Fact]
    public void Every_web_case_is_well_formed()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var cases = Cases(File).ToList();
        Assert.True(cases.Count >= 60, $"{cases.Count} cases");
        foreach (var c in cases)
        {
            var id = Str(c, "id")!;
            Assert.True(ids.Add(id), $"duplicate id {id}");
            Assert.Contains(Str(c, "provider"), Providers);
            Assert.True(Str(c, "expect") is not null || Long(c, "status") is not null, $"{id}: no expectation");
            if (KnownDefect(c) is { } defect)
            {
                output.WriteLine($"{id}: {defect}");
            }
        }
    }

    private async Task RunAsync(JsonElement c, List<string> mismatches, List<string> secrets)
    {
        using var client = NewClient();
        var provider = Str(c, "provider")!;
        var login = await LoginAsync(client, provider, mismatches);
        var other = Str(c, "other") is { } otherProvider ? await LoginAsync(client, otherProvider, mismatches) : null;
        secrets.AddRange(login.Secrets);
        secrets.AddRange(other?.Secrets ?? []);
        var variables = new Dictionary<string, string>
        {
            ["ATTEMPT"] = login.AttemptId,
            ["CODE"] = First(login.Callback, "code") ?? string.Empty,
            ["TOKEN"] = First(login.Callback, "oauth_token") ?? string.Empty,
            ["VERIFIER"] = First(login.Callback, "oauth_verifier") ?? string.Empty,
            ["ISS"] = fx.Provider.Issuer,
            ["UNKNOWN_ID"] = Base64UrlOf(RandomNumberGenerator.GetBytes(32)),
            ["OTHER_ATTEMPT"] = other?.AttemptId ?? string.Empty,
            ["OTHER_CODE"] = other is null ? string.Empty : First(other.Callback, "code") ?? string.Empty,
            ["OTHER_TOKEN"] = other is null ? string.Empty : First(other.Callback, "oauth_token") ?? string.Empty,
        };

        var query = Query(c, login.Callback, variables);
        var path = $"/auth/{Str(c, "path") ?? provider}/callback";
        var cookie = Str(c, "cookie") switch
        {
            null or "valid" => login.Cookie,
            "none" => null,
            "empty" => login.CookieName + "=",
            "wrong" => login.CookieName + "=" + Base64UrlOf(RandomNumberGenerator.GetBytes(32)) + "." + Base64UrlOf("/"u8.ToArray()),
            "other" => other?.Cookie ?? throw new InvalidOperationException("cookie 'other' needs 'other'"),
            "other-value" => login.CookieName + "=" + (other ?? throw new InvalidOperationException("cookie 'other-value' needs 'other'")).Cookie.Split('=', 2)[1],
            "truncated" => login.Cookie[..^10],
            "named-for-unknown-attempt" => login.CookieName.Replace(login.AttemptId, variables["UNKNOWN_ID"], StringComparison.Ordinal) + "=" + Base64UrlOf(RandomNumberGenerator.GetBytes(32)),
            "secret-only" => login.Cookie.Split('.')[0],
            "duplicated-wrong-first" => login.CookieName + "=" + Base64UrlOf(RandomNumberGenerator.GetBytes(32)) + "; " + login.Cookie,
            "large" => login.Cookie + "; pad=" + new string('p', 20_000),
            "huge" => login.Cookie + "; pad=" + new string('p', 64 * 1024),
            var other2 => throw new InvalidOperationException($"Unknown cookie '{other2}'."),
        };

        if (c.TryGetProperty("knobs", out var knobs))
        {
            fx.Provider.Knobs.Set(provider == "dev-oauth1" ? "dev-consumer" : "dev-client", new DevClientKnobs
            {
                Quirk = Str(knobs, "quirk") is { } quirk ? Enum.Parse<DevQuirk>(quirk) : DevQuirk.None,
                ErrorRate = knobs.TryGetProperty("errorRate", out var error) ? error.GetDouble() : 0,
                DropRate = knobs.TryGetProperty("dropRate", out var drop) ? drop.GetDouble() : 0,
            });
        }

        var method = Str(c, "method") ?? "GET";
        var exchanges = TokenRequests();
        Answer mutated;
        if (method == "POST")
        {
            var body = Utf8.GetBytes(Str(c, "body", variables) ?? query);
            if (c.TryGetProperty("bodyBytes", out var hex))
            {
                body = Convert.FromHexString(hex.GetString()!);
            }

            var url = path + (Bool(c, "keepQuery") ? "?" + query : string.Empty);
            // A negative declared length: the body ends that many bytes short of its Content-Length.
            long? declared = Long(c, "declaredLength") is { } d ? (d < 0 ? body.Length - d * 100 : d) : null;
            mutated = Str(c, "transport") == "raw" || declared is not null
                ? await RawAsync("POST", url, cookie, Str(c, "contentType"), body, declared, Bool(c, "halfClose"))
                : await SendAsync(client, HttpMethod.Post, url, cookie, Str(c, "contentType"), body);
        }
        else
        {
            var url = path + (query.Length > 0 || Bool(c, "emptyQuery") ? "?" + query : string.Empty);
            mutated = url.Length > 60_000 || Str(c, "transport") == "raw"
                ? await RawAsync(method, url, cookie, null, null, null, false)
                : await SendAsync(client, new HttpMethod(method), url, cookie, null, null);
        }

        fx.Provider.Knobs.ClearAll();
        var expect = Str(c, "expect");
        if (mutated.Status == 0 && Bool(c, "mayClose"))
        {
            output.WriteLine("the server closed the half-closed connection without an answer (allowed by the case)");
        }
        else
        {
            Check(mismatches, "mutated callback", mutated, expect, Long(c, "status"), Str(c, "path") ?? provider);
        }

        if (expect is not null and not "Success" and not "ProviderError" and not "InvalidResponse" and not "HttpError" && c.TryGetProperty("knobs", out _) is false
            && TokenRequests() != exchanges && Str(c, "original") != "skip" && !Bool(c, "mayExchange"))
        {
            mismatches.Add("a refused callback reached the token endpoint");
        }

        var originalUrl = path.Replace($"/auth/{Str(c, "path") ?? provider}/", $"/auth/{provider}/", StringComparison.Ordinal) + "?" + Encode(login.Callback);
        var original = Str(c, "original") ?? "Success";
        if (original != "skip")
        {
            Check(mismatches, "original callback afterwards", await SendAsync(client, HttpMethod.Get, originalUrl, login.Cookie, null, null), original, null, provider);
        }

        if (c.TryGetProperty("replays", out var replays))
        {
            foreach (var replay in replays.EnumerateArray())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Long(replay, "delayMs") ?? 0));
                var replayCookie = Str(replay, "cookie") == "none" ? null : login.Cookie;
                Check(mismatches, $"replay after {Long(replay, "delayMs") ?? 0} ms", await SendAsync(client, HttpMethod.Get, originalUrl, replayCookie, null, null),
                    Str(replay, "expect")!, null, provider);
            }
        }

        if (other is not null)
        {
            var otherUrl = $"/auth/{other.Provider}/callback?" + Encode(other.Callback);
            Check(mismatches, "the other login afterwards", await SendAsync(client, HttpMethod.Get, otherUrl, other.Cookie, null, null), Str(c, "otherAfter") ?? "Success", null, other.Provider);
        }
    }

    /// <summary>GET /login/{provider}, then the DevProvider's auto-approved authorize redirect.</summary>
    private async Task<Login> LoginAsync(HttpClient client, string provider, List<string> mismatches)
    {
        var begin = await SendAsync(client, HttpMethod.Get, $"/login/{provider}", null, null, null);
        Assert.Equal(302, begin.Status);
        var location = begin.Location!;
        if (!location.StartsWith(fx.Provider.BaseUrl + "/", StringComparison.Ordinal))
        {
            mismatches.Add($"the login step redirects to {location}, not the provider's authorize URL");
        }

        var cookie = Assert.Single(begin.SetCookies).Split(';')[0];
        if (begin.SetCookies.Any(s => s.StartsWith(SessionCookie, StringComparison.Ordinal)))
        {
            mismatches.Add("the login step set a session cookie");
        }

        using var approve = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var callback = Parse(approve.Headers.Location!.Query.TrimStart('?'));
        var attempt = First(callback, "state") ?? First(callback, "attempt")!;
        var name = cookie.Split('=', 2)[0];
        var secret = cookie.Split('=', 2)[1].Split('.')[0];
        var secrets = new List<string> { secret };
        secrets.AddRange(new[] { "code", "oauth_verifier" }.Select(n => First(callback, n)).OfType<string>());
        return new Login(provider, attempt, name, cookie, callback, secrets);
    }

    private void Check(List<string> mismatches, string what, Answer answer, string? expect, long? status, string provider)
    {
        output.WriteLine($"  {what}: {answer.Status} {answer.Location} in {answer.Elapsed.TotalMilliseconds:0} ms");
        var prefix = $"{what} ({answer.Status}";
        if (answer.Location is { } l)
        {
            prefix += " " + (l.Length > 120 ? l[..120] + "..." : l);
        }

        prefix += "): ";
        if (answer.Status >= 500 && status is null or < 500)
        {
            mismatches.Add(prefix + "a 5xx");
        }

        if (answer.Status == 0)
        {
            mismatches.Add(prefix + "no HTTP answer");
        }

        if (answer.Elapsed > Budget)
        {
            mismatches.Add(prefix + $"took {answer.Elapsed.TotalMilliseconds:0} ms, over the {Budget.TotalSeconds:0} s budget");
        }

        if (answer.Body.Contains("   at ", StringComparison.Ordinal) || ExceptionName().IsMatch(answer.Body))
        {
            mismatches.Add(prefix + "a stack trace or exception name in the body");
        }

        if (answer.Location is { } location && (!location.StartsWith('/') || location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal)))
        {
            mismatches.Add(prefix + "a Location that is not local");
        }

        var session = answer.SetCookies.Any(s => s.StartsWith(SessionCookie, StringComparison.Ordinal) && !s.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        var success = expect == "Success";
        if (session != success)
        {
            mismatches.Add(prefix + (session ? "a session cookie was set" : "no session cookie"));
        }

        if (status is { } code)
        {
            if (answer.Status != code)
            {
                mismatches.Add(prefix + $"expected status {code}");
            }

            if (expect is not null && ProblemReason(answer.Body) is var reason && reason != expect)
            {
                mismatches.Add(prefix + $"expected problem reason {expect}, got {reason ?? "none"}");
            }

            return;
        }

        if (answer.Status != 302 || answer.Location is null)
        {
            mismatches.Add(prefix + $"expected a redirect for {expect}");
            return;
        }

        if (success)
        {
            if (answer.Location != "/")
            {
                mismatches.Add(prefix + "expected a redirect to / after sign-in");
            }

            return;
        }

        var errorQuery = answer.Location.StartsWith("/error?", StringComparison.Ordinal) ? Parse(answer.Location["/error?".Length..]) : [];
        var actual = First(errorQuery, "reason");
        if (actual != expect)
        {
            mismatches.Add(prefix + $"expected reason {expect}, got {actual ?? "none"}");
        }

        if (actual is not null && First(errorQuery, "provider") != provider)
        {
            mismatches.Add(prefix + $"the error names provider {First(errorQuery, "provider")}, not {provider}");
        }
    }

    /// <summary>The <c>reason</c> member of a problem+json body (read by pattern: a raw answer may be chunked).</summary>
    private static string? ProblemReason(string body) =>
        ReasonMember().Match(body) is { Success: true } match ? match.Groups[1].Value : null;

    private long TokenRequests() =>
        fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token) + fx.Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth1AccessToken);

    /// <summary>The callback's query, mutated per the case and percent-encoded (UTF-8; a lone surrogate becomes U+FFFD).</summary>
    private static string Query(JsonElement c, List<KeyValuePair<string, string>> callback, IReadOnlyDictionary<string, string> variables)
    {
        var list = Str(c, "base") == "empty" ? [] : callback.Select(p => new KeyValuePair<string, string>(Escape(p.Key), Escape(p.Value))).ToList();
        if (c.TryGetProperty("mutations", out var mutations))
        {
            foreach (var m in mutations.EnumerateArray())
            {
                var raw = Bool(m, "raw");
                var name = Str(m, "name", variables) ?? string.Empty;
                var value = Str(m, "value", variables) ?? string.Empty;
                var encodedName = raw ? name : Escape(name);
                var encodedValue = raw ? value : Escape(value);
                switch (Str(m, "op"))
                {
                    case "remove":
                        list.RemoveAll(p => p.Key == encodedName);
                        break;
                    case "set":
                        var at = list.FindIndex(p => p.Key == encodedName);
                        list.RemoveAll(p => p.Key == encodedName);
                        list.Insert(at < 0 ? list.Count : at, new(encodedName, encodedValue));
                        break;
                    case "add":
                        list.Add(new(encodedName, encodedValue));
                        break;
                    case "prepend":
                        list.Insert(0, new(encodedName, encodedValue));
                        break;
                    case "many":
                        list.AddRange(Enumerable.Range(0, (int)Long(m, "count")!.Value).Select(i => new KeyValuePair<string, string>(encodedName + i, encodedValue)));
                        break;
                    case "bare":
                        list.Add(new(encodedName, null!));
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown mutation '{Str(m, "op")}'.");
                }
            }
        }

        return string.Join("&", list.Select(p => p.Value is null ? p.Key : p.Key + "=" + p.Value));
    }

    private static string Encode(List<KeyValuePair<string, string>> pairs) => string.Join("&", pairs.Select(p => Escape(p.Key) + "=" + Escape(p.Value)));

    private static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var b in Utf8.GetBytes(text))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static List<KeyValuePair<string, string>> Parse(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p =>
            new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0].Replace('+', ' ')), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty)).ToList();

    private static string? First(List<KeyValuePair<string, string>> pairs, string name) => pairs.FirstOrDefault(p => p.Key == name).Value;

    private static string Base64UrlOf(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A client of its own loopback address, so the per-client rate limit of one case never touches another.</summary>
    private static HttpClient NewClient()
    {
        var n = Interlocked.Increment(ref _clients);
        var address = IPAddress.Parse($"127.77.{n / 250}.{(n % 250) + 2}");
        return new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string pathAndQuery, string? cookie, string? contentType, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(fx.Web.BaseUrl + pathAndQuery));
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        return new Answer(
            (int)response.StatusCode,
            response.Headers.Location?.OriginalString,
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [],
            text,
            watch.Elapsed);
    }

    /// <summary>Over a bare socket: request lines longer than <see cref="Uri"/> takes, bodies shorter than declared.</summary>
    private async Task<Answer> RawAsync(string method, string pathAndQuery, string? cookie, string? contentType, byte[]? body, long? declaredLength, bool halfClose)
    {
        var head = new StringBuilder($"{method} {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{fx.Web.Port}\r\nConnection: close\r\n");
        if (cookie is not null)
        {
            head.Append("Cookie: ").Append(cookie).Append("\r\n");
        }

        if (contentType is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Length: ").Append(declaredLength ?? body.Length).Append("\r\n");
        }

        var watch = Stopwatch.StartNew();
        var (status, response) = await RawHttp.SendAsync(fx.Web.Port, head.ToString(), body ?? [], closeSending: halfClose, wait: TimeSpan.FromSeconds(10));
        watch.Stop();
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end < 0 ? response : response[..end]).Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToList();
        return new Answer(
            status,
            lines.FirstOrDefault(p => p[0].Equals("Location", StringComparison.OrdinalIgnoreCase))?[1].Trim(),
            lines.Where(p => p[0].Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).ToList(),
            end < 0 ? string.Empty : response[(end + 4)..],
            watch.Elapsed);
    }

    [GeneratedRegex("\"reason\"\\s*:\\s*\"(\\w+)\"")]
    private static partial Regex ReasonMember();

    [GeneratedRegex(@"\w+Exception\b|Exception:")]
    private static partial Regex ExceptionName();

    private sealed record Login(string Provider, string AttemptId, string CookieName, string Cookie, List<KeyValuePair<string, string>> Callback, List<string> Secrets);

    private sealed record Answer(int Status, string? Location, List<string> SetCookies, string Body, TimeSpan Elapsed);
}
