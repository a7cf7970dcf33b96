using AuthActors.DevProvider.Hosting;
using AuthActors.DevProvider.Http;
using AuthActors.DevProvider.Oidc;
using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth2.Rfc7636;
using C = AuthActors.DevProvider.DevProviderCounters.Endpoints;
using E = AuthActors.Protocol.OAuth2.OAuth2Constants.Errors;
using G = AuthActors.Protocol.OAuth2.OAuth2Constants.GrantTypes;
using T = AuthActors.Protocol.OAuth2.OAuth2Constants.TokenRequest;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>The token endpoint (RFC 6749 §3.2): authorization code, refresh token and client credentials grants.</summary>
internal sealed class OAuth2TokenEndpoint(DevRoutes routes)
{
    private DevProviderState State => routes.State;

    /// <summary>POST token.</summary>
    public async Task TokenAsync(HttpContext context)
    {
        State.Counters.Request(C.OAuth2Token);
        var request = await IncomingRequest.ReadAsync(context);
        var claimed = ClientAuthenticator.ClaimedClientId(request);
        if (await Faults.InjectAsync(context, State, claimed, serverToServer: true))
        {
            return;
        }

        var result = Process(request, routes.Issuer(context));
        if (State.Knobs.Get(claimed)?.ResponseDelay is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, CancellationToken.None);
        }

        await TokenResponseWriter.WriteAsync(context, result, Faults.Quirk(context, State, claimed), routes.Root(context));
    }

    private TokenResult Process(IncomingRequest request, string issuer)
    {
        // §3.2: parameters are sent form-encoded; §3.2/§3.1: none may be repeated.
        if (request.Form is null)
        {
            return TokenResult.Fail(E.InvalidRequest, "The body must be application/x-www-form-urlencoded.");
        }

        if (request.Form.GroupBy(p => p.Key).Any(g => g.Count() > 1))
        {
            return TokenResult.Fail(E.InvalidRequest, "A parameter is repeated.");
        }

        var auth = ClientAuthenticator.Authenticate(request, State);
        if (auth.Client is not { } client)
        {
            return TokenResult.FromClientAuth(auth);
        }

        var form = request.Form;
        return form.First(T.GrantType) switch
        {
            null or "" => TokenResult.Fail(E.InvalidRequest, "grant_type is required."),
            G.AuthorizationCode => AuthorizationCode(client, form, issuer),
            G.RefreshToken => RefreshToken(client, form, issuer),
            G.ClientCredentials => ClientCredentials(client, form),
            _ => TokenResult.Fail(E.UnsupportedGrantType, "This grant type is not supported."),
        };
    }

    /// <summary>
    /// §4.1.3: the code is single-use, unexpired, this client's, bound to the redirect URI and the PKCE challenge.
    /// With <c>openid</c> in its scope, the response carries an id_token with the request's nonce (OpenID Connect Core §3.1.3.3).
    /// </summary>
    private TokenResult AuthorizationCode(DevOAuth2Client client, IReadOnlyList<KeyValuePair<string, string>> form, string issuer)
    {
        var code = form.First(T.Code);
        if (string.IsNullOrEmpty(code))
        {
            return TokenResult.Fail(E.InvalidRequest, "code is required.");
        }

        var redirectUri = form.First(T.RedirectUri);
        var verifier = form.First(T.CodeVerifier);
        string? mismatch = null;
        var (outcome, record) = State.OAuth2.Redeem(code, client.ClientId, State.Now, r =>
        {
            mismatch = BindingMismatch(r, redirectUri, verifier);
            return mismatch is null;
        });

        switch (outcome)
        {
            case CodeRedemption.Redeemed:
                State.Counters.CodeRedeemed();
                var tokens = TokenIssuer.Issue(State, client.ClientId, record!.Subject, record.Scope, record.Scope, record.Family, withRefresh: true);
                return TokenResult.Success(IdTokens.Attach(State, tokens, issuer, client, record.Scope, record.Subject, record.Family.AuthTime, record.Nonce));
            case CodeRedemption.Reused:
                // §4.1.2: a code used twice is refused, and the tokens issued from it are revoked.
                State.Counters.CodeReused();
                return TokenResult.Fail(E.InvalidGrant, "The authorization code was already used; its tokens are revoked.");
            case CodeRedemption.Expired:
                return TokenResult.Fail(E.InvalidGrant, "The authorization code expired.");
            case CodeRedemption.BindingMismatch:
                return TokenResult.Fail(E.InvalidGrant, mismatch!);
            default:
                return TokenResult.Fail(E.InvalidGrant, "The authorization code is invalid or was issued to another client.");
        }
    }

    private static string? BindingMismatch(AuthorizationCodeRecord record, string? redirectUri, string? verifier)
    {
        // §4.1.3: redirect_uri is required, and identical, when the authorization request carried it.
        var redirectOk = record.RedirectUriWasSent
            ? string.Equals(redirectUri, record.RedirectUri, StringComparison.Ordinal)
            : redirectUri is null || string.Equals(redirectUri, record.RedirectUri, StringComparison.Ordinal);
        if (!redirectOk)
        {
            return "redirect_uri does not match the authorization request.";
        }

        // RFC 7636 §4.6; and a verifier without a challenge is refused (RFC 9700 §2.1.1, PKCE downgrade).
        if (record.CodeChallenge is null)
        {
            return verifier is null ? null : "code_verifier was sent, but the authorization request had no code_challenge.";
        }

        return Pkce.Verify(verifier, record.CodeChallenge, record.CodeChallengeMethod!) ? null : "The code_verifier does not match the code_challenge.";
    }

    /// <summary>
    /// §6 with rotation: each use returns a new refresh token and retires the old one; reuse revokes the family.
    /// A grant with <c>openid</c> gets a fresh id_token without nonce (OpenID Connect Core §12.2).
    /// </summary>
    private TokenResult RefreshToken(DevOAuth2Client client, IReadOnlyList<KeyValuePair<string, string>> form, string issuer)
    {
        var token = form.First(T.RefreshToken);
        if (string.IsNullOrEmpty(token))
        {
            return TokenResult.Fail(E.InvalidRequest, "refresh_token is required.");
        }

        var requested = Scopes.Normalize(form.First(T.Scope));
        var existing = State.OAuth2.FindRefreshToken(token);
        if (existing is not null && requested is not null && !Scopes.IsSubset(requested, existing.Scope))
        {
            return TokenResult.Fail(E.InvalidScope, "The requested scope exceeds the scope originally granted.");
        }

        var (record, rotated, reused) = State.OAuth2.RotateRefreshToken(token, client.ClientId);
        if (reused)
        {
            State.Counters.RefreshReused();
            return TokenResult.Fail(E.InvalidGrant, "The refresh token was already used; its grant is revoked.");
        }

        if (!rotated || record is null)
        {
            return TokenResult.Fail(E.InvalidGrant, "The refresh token is invalid, revoked or was issued to another client.");
        }

        State.Counters.RefreshRotated();
        var tokens = TokenIssuer.Issue(State, client.ClientId, record.Subject, requested ?? record.Scope, record.Scope, record.Family, withRefresh: true);
        return TokenResult.Success(IdTokens.Attach(State, tokens, issuer, client, record.Scope, record.Subject, record.Family.AuthTime, nonce: null));
    }

    /// <summary>§4.4: confidential clients only; no refresh token (§4.4.3).</summary>
    private TokenResult ClientCredentials(DevOAuth2Client client, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        if (client.ClientSecret is null)
        {
            return TokenResult.Fail(E.UnauthorizedClient, "Public clients cannot use client_credentials.");
        }

        var scope = Scopes.Normalize(form.First(T.Scope));
        if (!Scopes.Allowed(client, scope))
        {
            return TokenResult.Fail(E.InvalidScope, "A requested scope is not allowed for this client.");
        }

        return TokenResult.Success(TokenIssuer.Issue(State, client.ClientId, null, scope, null, new GrantFamily(), withRefresh: false));
    }
}
