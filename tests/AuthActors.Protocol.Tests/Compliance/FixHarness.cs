using AuthActors.Protocol.Compliance;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.OAuth2;
using AuthActors.Protocol.Providers;
using AuthActors.Protocol.Tests.TestSupport;

namespace AuthActors.Protocol.Tests.Compliance;

/// <summary>Runs a recorded response through <see cref="OAuth2Flow"/> with and without a shipped fix.</summary>
internal static class FixHarness
{
    public static readonly DateTimeOffset Now = FixedTimeProvider.Default;

    public static ComplianceHooks Hooks(string fixName) => ComplianceHooks.From(ComplianceFixes.Get(fixName));

    public static OAuth2TokenResponse Without(string document) =>
        OAuth2Flow.AccessTokenResponse(new ComplianceHooks(), Documents.Response(document), Now);

    public static OAuth2TokenResponse With(string fixName, string document) =>
        OAuth2Flow.AccessTokenResponse(Hooks(fixName), Documents.Response(document), Now);

    public static OAuth2TokenResponse RefreshWith(string fixName, string document, string? previousRefreshToken = "previous-rt") =>
        OAuth2Flow.ReadRefreshedToken(Hooks(fixName).Apply(ComplianceHookPoint.RefreshTokenResponse, Documents.Response(document)), Now, previousRefreshToken);

    public static OAuthHttpRequest Protected(ComplianceHooks hooks, string url) =>
        OAuth2Flow.ProtectedCall(new Tokens.OAuth2Token("at-123", "Bearer"), OAuthHttpRequest.Create("GET", url)).Call!.Prepare(hooks);
}
