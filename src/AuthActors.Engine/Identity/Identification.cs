using System.Diagnostics;
using System.Text.Json;
using AuthActors.Engine.Attempts;
using AuthActors.Engine.Providers;
using AuthActors.Engine.Telemetry;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Identity;
using AuthActors.Protocol.Oidc;
using AuthActors.Protocol.Pipeline;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tokens;

namespace AuthActors.Engine.Identity;

/// <summary>
/// The I/O edge that establishes who signed in after the token exchange: the id_token checked against the
/// provider's keys (one JWKS re-fetch on an unknown <c>kid</c>), then the user info fetched through the
/// provider's pipeline (one retry on a transport failure or a 5xx), then <see cref="IdentityResolver"/>.
/// Every outcome is a value; nothing throws.
/// </summary>
public static class Identification
{
    /// <summary>The identity, or the failure reason and a description without secrets.</summary>
    /// <param name="Identity">The identity, on success.</param>
    /// <param name="Reason">Why there is none.</param>
    /// <param name="Description">A description without secrets.</param>
    public sealed record Result(LoginIdentity? Identity, FailureReason? Reason, string? Description);

    /// <summary>Establishes the identity of a login that obtained <paramref name="token"/>.</summary>
    /// <param name="runtime">The provider's runtime (pipeline, clock, metadata cache).</param>
    /// <param name="provider">The provider as resolved by discovery.</param>
    /// <param name="token">The token.</param>
    /// <param name="nonce">The nonce sent with the authorization request, if any.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    public static async Task<Result> EstablishAsync(ProviderRuntime runtime, ProviderDefinition provider, OAuthToken token, string? nonce,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(provider);
        IdTokenValidationResult? idToken = null;
        if (provider is OAuth2ProviderDefinition { IsOpenIdConnect: true } oidc)
        {
            if (runtime.Oidc is null)
            {
                return new Result(null, FailureReason.DiscoveryFailed, "The provider asks for openid but has neither metadata nor a JWKS.");
            }

            var keys = await runtime.Oidc.GetKeysAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            if (keys.Keys is null)
            {
                return new Result(null, FailureReason.DiscoveryFailed, $"The provider's keys could not be fetched: {keys.Error}");
            }

            idToken = await ValidateAsync(oidc, token, nonce, keys, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
            if (idToken.Error == IdTokenError.UnknownKey)
            {
                // Key rotation: the provider may have published a new key since we fetched its JWKS.
                var refreshed = await runtime.Oidc.GetKeysAsync(refresh: true, cancellationToken).ConfigureAwait(false);
                if (refreshed.Keys is not null && !ReferenceEquals(refreshed, keys))
                {
                    idToken = await ValidateAsync(oidc, token, nonce, refreshed, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
                }
            }
        }

        JsonElement? userInfo = null;
        if (provider.UserInfoUrl is not null && idToken is not { IsValid: false })
        {
            userInfo = await FetchUserInfoAsync(runtime, provider, token, cancellationToken).ConfigureAwait(false);
        }

        return ResultOf(IdentityResolver.Resolve(provider, token, idToken, userInfo));
    }

    /// <summary>
    /// The identity of a login whose provider needs no call to establish it (no id_token to check against keys, no
    /// user info to fetch): read from the token response alone, as OAuth 1 providers send it. The same result as
    /// <see cref="EstablishAsync"/> would give; <c>null</c> when a call is needed.
    /// </summary>
    /// <param name="provider">The provider as resolved by discovery.</param>
    /// <param name="token">The token.</param>
    internal static Result? WithoutCalls(ProviderDefinition provider, OAuthToken token)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(token);
        return provider is OAuth2ProviderDefinition { IsOpenIdConnect: true } || provider.UserInfoUrl is not null
            ? null
            : ResultOf(IdentityResolver.Resolve(provider, token, null, null));
    }

    private static Result ResultOf(IdentityResult resolved) =>
        resolved.Identity is { } identity
            ? new Result(identity, null, null)
            : new Result(null, resolved.Error switch
            {
                IdentityError.IdTokenInvalid => FailureReason.IdTokenInvalid,
                IdentityError.SubjectMismatch => FailureReason.SubjectMismatch,
                _ => FailureReason.IdentityUnavailable,
            }, resolved.Error == IdentityError.IdTokenInvalid ? $"{resolved.IdTokenError}: {resolved.Description}" : resolved.Description);

    /// <summary>
    /// Checks the id_token a refresh returned (OpenID Connect Core §12.2): signature, issuer, audience and expiry
    /// as at login, and the same subject as the grant's. Returns <c>null</c> when there is none to check or it
    /// holds, else a description of what is wrong (without the token).
    /// </summary>
    public static async Task<string?> CheckRefreshedIdTokenAsync(ProviderRuntime runtime, OAuth2ProviderDefinition provider, OAuth2Token token,
        string expectedSubject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(token);
        if (token.IdToken is null || !provider.IsOpenIdConnect || runtime.Oidc is null)
        {
            return null;
        }

        var keys = await runtime.Oidc.GetKeysAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        if (keys.Keys is null)
        {
            return $"the provider's keys could not be fetched: {keys.Error?.Kind}";
        }

        var result = await ValidateAsync(provider, token, nonce: null, keys, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
        if (result.Error == IdTokenError.UnknownKey
            && await runtime.Oidc.GetKeysAsync(refresh: true, cancellationToken).ConfigureAwait(false) is { Keys: not null } refreshed && !ReferenceEquals(refreshed, keys))
        {
            result = await ValidateAsync(provider, token, nonce: null, refreshed, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
        }

        return result.IsValid
            ? result.Subject == expectedSubject ? null : "the refreshed id_token names another subject"
            : $"the refreshed id_token is invalid: {result.Error}";
    }

    private static Task<IdTokenValidationResult> ValidateAsync(OAuth2ProviderDefinition provider, OAuthToken token, string? nonce, JsonWebKeySetResponse keys, DateTimeOffset now) =>
        IdTokenValidator.ValidateAsync((token as OAuth2Token)?.IdToken, new IdTokenValidationParameters(provider.Issuer ?? string.Empty, provider.ClientId, keys.Keys!, now)
        {
            Nonce = nonce,
            AccessToken = (token as OAuth2Token)?.AccessToken,
            Algorithms = IdTokenAlgorithms.AllowList(provider.IdTokenSigningAlgorithms, null),
            ClockSkew = provider.ClockSkew,
        });

    private static async Task<JsonElement?> FetchUserInfoAsync(ProviderRuntime runtime, ProviderDefinition provider, OAuthToken token, CancellationToken cancellationToken)
    {
        if (provider.ResolveApiUrl(provider.UserInfoUrl!) is not { } url)
        {
            return null;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (call, error) = ProtectedCalls.For(provider, token, OAuthHttpRequest.Create(provider.UserInfoMethod, url).WithHeader("Accept", "application/json"),
                runtime.NewOAuth1Nonce(), runtime.Clock.GetUtcNow().ToUnixTimeSeconds());
            if (call is null || error is not null)
            {
                return null;
            }

            OAuthHttpResponse response;
            var started = Stopwatch.GetTimestamp();
            try
            {
                response = await runtime.Pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                response = OAuthHttpResponse.Failed(ex.GetType().Name);
            }
            finally
            {
                AuthActorsTelemetry.RecordProviderCall(runtime.Name, AuthActorsTelemetry.Calls.UserInfo, started);
            }

            var json = JsonResponse.ReadObject(response);
            if (json.Document is { } document)
            {
                using (document)
                {
                    return document.RootElement.Clone();
                }
            }

            var retryable = json.Kind == ErrorKind.Transport || json.HttpStatus is >= 500;
            if (!retryable || cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        return null;
    }
}
