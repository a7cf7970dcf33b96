using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using AuthActors.DevProvider;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Tests.Support;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Tokens;
using Akka.Actor;
using Microsoft.Data.Sqlite;

namespace AuthActors.Engine.Tests.Vault;

/// <summary>
/// The token vault on one node, against the DevProvider (which rotates refresh tokens and revokes the whole
/// grant when a spent one is used again) and a real SQLite journal.
/// </summary>
public sealed class VaultTests : IAsyncLifetime
{
    private const string Callback = "http://127.0.0.1:9/auth/callback";
    private static readonly FlurlOAuthTransport Http = new(timeout: TimeSpan.FromSeconds(10));
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync("authactors.attempt.call-timeout = 2s");

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private DevProviderServer Provider => _engine.Provider;

    private long RefreshRequests => Provider.Counters.RefreshRotations + Provider.Counters.RefreshReuseAttempts;

    private async Task<CompleteResult> LoginAsync(string provider = "dev2", TimeSpan? accessTokenLifetime = null)
    {
        var clientId = provider == "dev1" ? "dev-consumer" : "dev-client";
        if (accessTokenLifetime is { } lifetime)
        {
            Provider.Knobs.Set(clientId, new DevClientKnobs { AccessTokenLifetime = lifetime });
        }

        var begun = await _engine.Flows.BeginAsync(provider, Callback);
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var completed = await _engine.Flows.CompleteAsync(provider, null, callback, begun.BindingSecret);
        Provider.Knobs.Clear(clientId);
        Assert.True(completed.IsSuccess, completed.Failure?.ToString());
        return completed;
    }

    // A token issued with a lifetime inside the refresh leeway (60 s) is due for refresh at once.
    private Task<CompleteResult> LoginWithExpiringTokenAsync(string provider = "dev2") => LoginAsync(provider, TimeSpan.FromSeconds(5));

    private static string Access(OAuthToken? token) => ((OAuth2Token)token!).AccessToken;

    // One token request while the provider misbehaves as the knobs say.
    private async Task<TokenResult> TokenWhileAsync(DevClientKnobs knobs, string subject, string provider = "dev2")
    {
        Provider.Knobs.Set("dev-client", knobs);
        try
        {
            return await _engine.Vault.GetTokenAsync(provider, subject);
        }
        finally
        {
            Provider.Knobs.Clear("dev-client");
        }
    }

    [Theory]
    [InlineData("dev2")]
    [InlineData("oidc")]
    public async Task A_completed_login_stores_its_tokens_and_the_vault_hands_them_out_without_a_refresh(string provider)
    {
        var login = await LoginAsync(provider);

        Assert.NotNull(login.Grant);
        Assert.True(login.Grant!.IsSuccess, login.Grant.Failure?.ToString());
        var token = await _engine.Vault.GetTokenAsync(provider, login.Identity!.Subject);
        var grant = await _engine.Vault.GetGrantAsync(provider, login.Identity.Subject);

        Assert.True(token.IsSuccess, token.Failure?.ToString());
        Assert.Equal(Access(login.Token), Access(token.Token));
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.True(grant.HasRefreshToken);
        Assert.Equal(0, grant.RefreshCount);
        Assert.Equal(0, RefreshRequests);
    }

    [Fact]
    public async Task A_token_within_the_leeway_is_refreshed_once_and_the_rotated_refresh_token_is_kept()
    {
        var login = await LoginWithExpiringTokenAsync();
        var updates = new ConcurrentQueue<TokenUpdated>();
        _engine.Vault.TokenUpdated += (_, update) => updates.Enqueue(update);

        var first = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);
        var second = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);

        Assert.True(first.IsSuccess, first.Failure?.ToString());
        Assert.NotEqual(Access(login.Token), Access(first.Token));
        Assert.NotEqual(((OAuth2Token)login.Token!).RefreshToken, ((OAuth2Token)first.Token!).RefreshToken);
        Assert.Equal(Access(first.Token), Access(second.Token));
        Assert.Equal(1, Provider.Counters.RefreshRotations);
        Assert.Equal(0, Provider.Counters.RefreshReuseAttempts);
        Assert.Equal(1, first.Grant!.RefreshCount);
        await AwaitAsync(() => !updates.IsEmpty);
        var update = Assert.Single(updates);
        Assert.Equal(login.Identity.Subject, update.Subject);
        Assert.Equal(Access(first.Token), Access(update.Token));
        Assert.DoesNotContain(Access(first.Token), update.ToString());
    }

    [Fact]
    public async Task An_OpenID_grant_refreshes_when_the_new_id_token_holds_and_names_the_same_subject()
    {
        var login = await LoginWithExpiringTokenAsync("oidc");

        var refreshed = await _engine.Vault.GetTokenAsync("oidc", login.Identity!.Subject);

        Assert.True(refreshed.IsSuccess, refreshed.Failure?.ToString());
        Assert.NotEqual(((OAuth2Token)login.Token!).IdToken, ((OAuth2Token)refreshed.Token!).IdToken);
        Assert.Equal(1, refreshed.Grant!.RefreshCount);
    }

    [Theory]
    [InlineData(DevIdTokenFault.BadSignature)]
    [InlineData(DevIdTokenFault.WrongAudience)]
    public async Task An_OpenID_grant_whose_refresh_answers_a_bad_id_token_requires_a_new_login(DevIdTokenFault fault)
    {
        var login = await LoginWithExpiringTokenAsync("oidc");

        var refused = await TokenWhileAsync(new DevClientKnobs { IdTokenFault = fault }, login.Identity!.Subject, "oidc");
        var again = await _engine.Vault.GetTokenAsync("oidc", login.Identity.Subject);

        Assert.Equal(GrantFailureReason.ReauthenticationRequired, refused.Failure?.Reason);
        Assert.Equal(GrantState.IdTokenRejected, refused.Failure?.ProviderError);
        Assert.Equal(GrantFailureReason.ReauthenticationRequired, again.Failure?.Reason);
        Assert.Equal(1, Provider.Counters.RefreshRotations);
    }

    [Fact]
    public async Task One_hundred_concurrent_callers_of_an_expiring_grant_share_one_refresh()
    {
        var login = await LoginWithExpiringTokenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.ToString()));
        Assert.Single(results.Select(r => Access(r.Token)).Distinct());
        Assert.Equal(1, Provider.Counters.RefreshRotations);
        Assert.Equal(0, Provider.Counters.RefreshReuseAttempts);
    }

    [Fact]
    public async Task A_burst_of_rejections_of_one_token_makes_one_refresh_and_a_stale_rejection_makes_none()
    {
        var login = await LoginAsync();
        var subject = login.Identity!.Subject;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _engine.Vault.RefreshAsync("dev2", subject, login.Token!))));
        var stale = await _engine.Vault.RefreshAsync("dev2", subject, login.Token!);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.ToString()));
        Assert.Single(results.Select(r => Access(r.Token)).Distinct());
        Assert.Equal(Access(results[0].Token), Access(stale.Token));
        Assert.Equal(1, Provider.Counters.RefreshRotations);
    }

    [Fact]
    public async Task A_refused_refresh_token_requires_reauthentication_and_is_not_retried()
    {
        var login = await LoginWithExpiringTokenAsync();
        await RevokeAtProviderAsync(((OAuth2Token)login.Token!).RefreshToken!);

        var refused = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);
        var tokenCalls = Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token);
        var again = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);

        Assert.Equal(GrantFailureReason.ReauthenticationRequired, refused.Failure?.Reason);
        Assert.Equal("invalid_grant", refused.Failure?.ProviderError);
        Assert.Equal(GrantFailureReason.ReauthenticationRequired, again.Failure?.Reason);
        Assert.Equal(tokenCalls, Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Token));
        Assert.Equal(GrantStatus.ReauthenticationRequired, (await _engine.Vault.GetGrantAsync("dev2", login.Identity.Subject)).Status);
    }

    [Fact]
    public async Task A_new_login_replaces_a_grant_that_required_reauthentication()
    {
        var login = await LoginWithExpiringTokenAsync();
        await RevokeAtProviderAsync(((OAuth2Token)login.Token!).RefreshToken!);
        Assert.False((await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject)).IsSuccess);

        var again = await LoginAsync();
        var token = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);

        Assert.Equal(login.Identity.Subject, again.Identity!.Subject);
        Assert.Equal(Access(again.Token), Access(token.Token));
    }

    [Fact]
    public async Task Provider_errors_leave_the_grant_intact_and_a_later_call_refreshes()
    {
        var login = await LoginWithExpiringTokenAsync();
        var subject = login.Identity!.Subject;

        var unavailable = await TokenWhileAsync(new DevClientKnobs { ErrorRate = 1 }, subject);
        var slow = await TokenWhileAsync(new DevClientKnobs { Latency = TimeSpan.FromSeconds(4) }, subject);
        var grant = await _engine.Vault.GetGrantAsync("dev2", subject);
        var later = await _engine.Vault.GetTokenAsync("dev2", subject);

        Assert.Equal(GrantFailureReason.ProviderUnavailable, unavailable.Failure?.Reason);
        Assert.Equal(GrantFailureReason.ProviderUnavailable, slow.Failure?.Reason);
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.Equal(0, grant.RefreshCount);
        Assert.True(later.IsSuccess, later.Failure?.ToString());
        Assert.Equal(1, later.Grant!.RefreshCount);
        Assert.False(later.Grant.RefreshPending);
    }

    [Fact]
    public async Task A_refresh_whose_answer_was_lost_after_the_provider_rotated_is_reported_as_RefreshOutcomeLost()
    {
        var login = await LoginWithExpiringTokenAsync();
        var subject = login.Identity!.Subject;

        // The provider rotates, then answers after the call timeout (2 s): the vault never hears of the new token.
        var timedOut = await TokenWhileAsync(new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(4) }, subject);
        var pending = await _engine.Vault.GetGrantAsync("dev2", subject);
        var lost = await _engine.Vault.GetTokenAsync("dev2", subject);

        Assert.Equal(GrantFailureReason.ProviderUnavailable, timedOut.Failure?.Reason);
        Assert.True(pending.RefreshPending);
        Assert.Equal(GrantFailureReason.RefreshOutcomeLost, lost.Failure?.Reason);
        Assert.Equal(GrantStatus.RefreshOutcomeLost, (await _engine.Vault.GetGrantAsync("dev2", subject)).Status);
        Assert.Equal(1, Provider.Counters.RefreshReuseAttempts);
    }

    [Fact]
    public async Task A_refresh_interrupted_by_a_stop_is_settled_when_the_grant_comes_back()
    {
        var login = await LoginWithExpiringTokenAsync();
        var subject = login.Identity!.Subject;
        Provider.Knobs.Set("dev-client", new DevClientKnobs { ResponseDelay = TimeSpan.FromSeconds(1) });
        var inFlight = _engine.Vault.GetTokenAsync("dev2", subject);
        await AwaitAsync(() => Provider.Counters.RefreshRotations == 1);

        await _engine.StopSystemAsync();
        Provider.Knobs.Clear("dev-client");
        _ = await inFlight;
        _engine.StartSystem("authactors.attempt.call-timeout = 2s");
        var after = await _engine.Vault.GetTokenAsync("dev2", subject);

        // The provider rotated before the stop, so the token the grant holds is spent: the loss is reported, not hidden.
        Assert.Equal(GrantFailureReason.RefreshOutcomeLost, after.Failure?.Reason);
        Assert.Equal(1, Provider.Counters.RefreshReuseAttempts);
    }

    [Fact]
    public async Task Grants_survive_a_restart_and_are_not_refreshed_for_it()
    {
        var login = await LoginAsync();

        await _engine.StopSystemAsync();
        _engine.StartSystem();
        var token = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);

        Assert.Equal(Access(login.Token), Access(token.Token));
        Assert.Equal(0, RefreshRequests);
    }

    [Fact]
    public async Task Sign_out_revokes_the_grant_at_the_provider_and_deletes_it()
    {
        var login = await LoginAsync();
        var subject = login.Identity!.Subject;

        var revoked = await _engine.Vault.RevokeAsync("dev2", subject);
        var token = await _engine.Vault.GetTokenAsync("dev2", subject);
        await _engine.StopSystemAsync();
        _engine.StartSystem();
        var afterRestart = await _engine.Vault.GetGrantAsync("dev2", subject);

        Assert.True(revoked.Deleted);
        Assert.True(revoked.RevokedAtProvider);
        Assert.Equal(1, Provider.Counters.Get(DevProviderCounters.Endpoints.OAuth2Revoke));
        Assert.Equal(GrantFailureReason.NoGrant, token.Failure?.Reason);
        Assert.Equal(GrantStatus.None, afterRestart.Status);
        var refresh = await Http.SendAsync(OAuthHttpRequest.PostForm(Provider.OAuth2TokenUrl,
                [new("grant_type", "refresh_token"), new("refresh_token", ((OAuth2Token)login.Token!).RefreshToken!)])
            .WithHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("dev-client:dev-secret"))));
        Assert.Equal(400, refresh.StatusCode);
    }

    [Fact]
    public async Task A_callback_replayed_after_a_refresh_does_not_put_back_the_old_tokens()
    {
        var begun = await _engine.Flows.BeginAsync("dev2", Callback);
        Provider.Knobs.Set("dev-client", new DevClientKnobs { AccessTokenLifetime = TimeSpan.FromSeconds(5) });
        var callback = await Browser.ApproveAsync(begun.AuthorizeUrl!);
        var login = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        Provider.Knobs.Clear("dev-client");
        var refreshed = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);

        var replay = await _engine.Flows.CompleteAsync("dev2", null, callback, begun.BindingSecret);
        var token = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);

        Assert.True(replay.IsSuccess, replay.Failure?.ToString());
        Assert.Equal(Access(refreshed.Token), Access(token.Token));
        Assert.Equal(1, token.Grant!.RefreshCount);
    }

    [Fact]
    public async Task The_journal_holds_neither_tokens_nor_the_subject_in_plain_text()
    {
        var login = await LoginWithExpiringTokenAsync();
        var refreshed = await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject);
        await _engine.StopSystemAsync();

        var ids = new StringBuilder();
        await using (var connection = new SqliteConnection($"Data Source={_engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id FROM journal WHERE persistence_id LIKE 'grant-%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Append(reader.GetString(0)).Append('\n');
            }
        }

        // Every byte of the database and its write-ahead log, not only the rows a query sees.
        var file = Encoding.UTF8.GetString(ReadAll(_engine.DatabasePath).Concat(ReadAll(_engine.DatabasePath + "-wal")).ToArray());
        var journal = ids + file;
        Assert.Contains("grant-dev2.", ids.ToString());
        foreach (var secret in new[] { Access(login.Token), ((OAuth2Token)login.Token!).RefreshToken!, Access(refreshed.Token), ((OAuth2Token)refreshed.Token!).RefreshToken!, login.Identity.Subject })
        {
            Assert.DoesNotContain(secret, journal);
        }
    }

    [Fact]
    public async Task OAuth1_grants_hand_out_their_token_sign_API_requests_and_cannot_be_refreshed()
    {
        var login = await LoginAsync("dev1");
        var subject = login.Identity!.Subject;

        var authorized = await _engine.Vault.AuthorizeAsync("dev1", subject, OAuthHttpRequest.Create("GET", "user"));
        var response = await Http.SendAsync(authorized.Request!);
        var refresh = await _engine.Vault.RefreshAsync("dev1", subject, login.Token!);

        Assert.Null(authorized.Failure);
        Assert.StartsWith(Provider.BaseUrl + "/oauth1/api/user", authorized.Request!.Url);
        Assert.Contains(authorized.Request.Headers, h => h.Key == "Authorization" && h.Value.StartsWith("OAuth ", StringComparison.Ordinal));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(GrantFailureReason.RefreshNotSupported, refresh.Failure?.Reason);

        // OAuth 1 has no revocation endpoint: sign-out deletes the grant here, and that is no failure.
        var signedOut = await _engine.Vault.RevokeAsync("dev1", subject);
        Assert.True(signedOut.Deleted);
        Assert.False(signedOut.RevokedAtProvider);
        Assert.Null(signedOut.Failure);
        Assert.Equal(GrantFailureReason.NoGrant, (await _engine.Vault.GetTokenAsync("dev1", subject)).Failure?.Reason);
    }

    [Fact]
    public async Task OAuth2_API_requests_carry_the_bearer_token_only_to_the_providers_API_origin()
    {
        var login = await LoginAsync();
        var subject = login.Identity!.Subject;

        var authorized = await _engine.Vault.AuthorizeAsync("dev2", subject, OAuthHttpRequest.Create("GET", "user"));
        var response = await Http.SendAsync(authorized.Request!);
        var elsewhere = await _engine.Vault.AuthorizeAsync("dev2", subject, OAuthHttpRequest.Create("GET", "https://attacker.example/collect"));

        Assert.Equal(Provider.ApiBaseUrl + "user", authorized.Request!.Url);
        Assert.Contains(authorized.Request.Headers, h => h.Key == "Authorization" && h.Value == "Bearer " + Access(login.Token));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(GrantFailureReason.TokenNotAllowed, elsewhere.Failure?.Reason);
        Assert.Null(elsewhere.Request);
    }

    [Fact]
    public async Task Unknown_providers_and_users_get_typed_failures()
    {
        Assert.Equal(GrantFailureReason.UnknownProvider, (await _engine.Vault.GetTokenAsync("nope", "someone")).Failure?.Reason);
        Assert.Equal(GrantFailureReason.NoGrant, (await _engine.Vault.GetTokenAsync("dev2", "nobody-logged-in")).Failure?.Reason);
        Assert.Equal(GrantStatus.None, (await _engine.Vault.GetGrantAsync("dev2", "nobody-logged-in")).Status);
        Assert.True((await _engine.Vault.RevokeAsync("dev2", "nobody-logged-in")).Deleted);
    }

    [Fact]
    public async Task With_store_on_login_off_a_login_leaves_no_grant()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.vault.store-on-login = off");

        var login = await LoginAsync();

        Assert.Null(login.Grant);
        Assert.Equal(GrantFailureReason.NoGrant, (await _engine.Vault.GetTokenAsync("dev2", login.Identity!.Subject)).Failure?.Reason);
    }

    [Fact]
    public async Task An_idle_grant_stops_and_comes_back_from_the_journal()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.vault.idle-timeout = 200ms");
        var login = await LoginAsync();
        var grantPath = "/user/grants/" + Uri.EscapeDataString(TokenGrant.IdOf("dev2", login.Identity!.Subject));

        await AwaitAsync(async () => !await ExistsAsync(grantPath));
        var token = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);

        Assert.Equal(Access(login.Token), Access(token.Token));
    }

    [Fact]
    public async Task A_grant_nobody_asks_for_leaves_memory_soon_after_its_login_and_one_in_use_stays()
    {
        await _engine.StopSystemAsync();
        _engine.StartSystem("authactors.vault { stored-idle-timeout = 300ms, idle-timeout = 1m }");
        var login = await LoginAsync();
        var grantPath = "/user/grants/" + Uri.EscapeDataString(TokenGrant.IdOf("dev2", login.Identity!.Subject));

        // Stored by the login and not asked for: it passivates after the short timeout, and comes back when asked.
        await AwaitAsync(async () => !await ExistsAsync(grantPath));
        var token = await _engine.Vault.GetTokenAsync("dev2", login.Identity.Subject);
        Assert.Equal(Access(login.Token), Access(token.Token));

        // Asked for: it keeps the full idle timeout.
        await Task.Delay(1000);
        Assert.True(await ExistsAsync(grantPath));

        // Asked for within the short timeout after a login, it stays too.
        var again = await LoginAsync();
        Assert.Equal(login.Identity.Subject, again.Identity!.Subject);
        Assert.Equal(GrantStatus.Active, (await _engine.Vault.GetGrantAsync("dev2", login.Identity.Subject)).Status);
        await Task.Delay(1000);
        Assert.True(await ExistsAsync(grantPath));
    }

    [Fact]
    public async Task A_returning_users_grant_keeps_only_its_latest_logins_events_and_recovers_that_login()
    {
        var logins = new List<CompleteResult>();
        for (var i = 0; i < 10; i++)
        {
            logins.Add(await LoginAsync());
        }

        var subject = logins[0].Identity!.Subject;
        Assert.All(logins, l => Assert.Equal(subject, l.Identity!.Subject));
        var persistenceId = TokenGrant.PersistenceId(TokenGrant.IdOf("dev2", subject));

        // Each login's store replaces the state. Once 8 stores are superseded they are removed: after the 9th login the
        // first 8 rows go (the highest removed row stays, marked deleted), and the 9th and 10th stay live.
        await AwaitAsync(() => JournalCount($"persistence_id = '{persistenceId}' AND deleted = 0") == 2);
        Assert.Equal(3, JournalCount($"persistence_id = '{persistenceId}'"));

        await _engine.StopSystemAsync();
        _engine.StartSystem();
        var token = await _engine.Vault.GetTokenAsync("dev2", subject);
        Assert.Equal(Access(logins[9].Token), Access(token.Token));
        Assert.NotEqual(Access(logins[8].Token), Access(token.Token));
    }

    [Fact]
    public async Task A_grant_refreshed_many_times_restates_itself_and_keeps_few_events()
    {
        var login = await LoginAsync();
        var subject = login.Identity!.Subject;
        var persistenceId = TokenGrant.PersistenceId(TokenGrant.IdOf("dev2", subject));
        var token = login.Token!;
        for (var i = 0; i < 20; i++)
        {
            // An API refused the token: the vault refreshes it (two events: started, refreshed).
            var refreshed = await _engine.Vault.RefreshAsync("dev2", subject, token);
            Assert.True(refreshed.IsSuccess, refreshed.Failure?.ToString());
            token = refreshed.Token!;
        }

        // 1 store + 40 refresh events would be 41 rows; after 16 events the grant restated itself as one store and
        // removed what came before, so 1 + 2 x 4 refreshes since are left live.
        await AwaitAsync(() => JournalCount($"persistence_id = '{persistenceId}' AND deleted = 0") == 9);

        var before = await _engine.Vault.GetGrantAsync("dev2", subject);
        await _engine.StopSystemAsync();
        _engine.StartSystem();
        var info = await _engine.Vault.GetGrantAsync("dev2", subject);
        Assert.Equal(20, info.RefreshCount);
        Assert.Equal((before.StoredAt, before.RefreshedAt, before.ExpiresAt), (info.StoredAt, info.RefreshedAt, info.ExpiresAt));
        var again = await _engine.Vault.RefreshAsync("dev2", subject, token);
        Assert.True(again.IsSuccess, again.Failure?.ToString());
        Assert.Equal(21, again.Grant!.RefreshCount);
        // The recovered refresh token was the latest one: the provider saw no reuse of a rotated token.
        Assert.Equal(0, Provider.Counters.RefreshReuseAttempts);
        Assert.Equal(21, Provider.Counters.RefreshRotations);
    }

    private long JournalCount(string where)
    {
        using var connection = new SqliteConnection($"Data Source={_engine.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE " + where;
        return (long)command.ExecuteScalar()!;
    }

    private static byte[] ReadAll(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];

    private async Task<bool> ExistsAsync(string path)
    {
        var identity = await _engine.System!.ActorSelection(path).Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(3));
        return identity.Subject is not null;
    }

    private async Task RevokeAtProviderAsync(string refreshToken)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Provider.OAuth2RevocationUrl)
        {
            Content = new FormUrlEncodedContent([new("token", refreshToken), new("token_type_hint", "refresh_token")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("dev-client:dev-secret")));
        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static Task AwaitAsync(Func<bool> condition) => AwaitAsync(() => Task.FromResult(condition()));

    private static async Task AwaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 15 s.");
            await Task.Delay(50);
        }
    }
}
