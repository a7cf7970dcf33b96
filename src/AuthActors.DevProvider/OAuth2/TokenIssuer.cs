using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;

namespace AuthActors.DevProvider.OAuth2;

/// <summary>Mints opaque random access and refresh tokens and stores them in their grant family.</summary>
internal static class TokenIssuer
{
    public static IssuedTokens Issue(DevProviderState state, string clientId, string? subject, string? accessScope, string? refreshScope,
        GrantFamily family, bool withRefresh)
    {
        var now = state.Now;
        var lifetime = state.Knobs.Get(clientId)?.AccessTokenLifetime ?? state.Options.AccessTokenLifetime;
        var access = new AccessTokenRecord
        {
            Token = RandomTokens.UrlSafe(state.Options.Random, 32),
            ClientId = clientId,
            Subject = subject,
            Scope = accessScope,
            IssuedAt = now,
            ExpiresAt = now + lifetime,
            Family = family,
        };
        state.OAuth2.AddAccessToken(access, now);

        string? refresh = null;
        if (withRefresh && subject is not null)
        {
            refresh = RandomTokens.UrlSafe(state.Options.Random, 32);
            state.OAuth2.AddRefreshToken(new RefreshTokenRecord
            {
                Token = refresh, ClientId = clientId, Subject = subject, Scope = refreshScope, IssuedAt = now, Family = family,
            });
        }

        return new(access.Token, (long)lifetime.TotalSeconds, refresh, accessScope, subject);
    }
}
