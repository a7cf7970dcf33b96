using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using AuthActors.Engine.Vault;
using AuthActors.Protocol.Http;
using AuthActors.Protocol.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>
/// An <see cref="HttpMessageHandler"/> for <c>IHttpClientFactory</c> clients that call a provider's API as the
/// user: it takes the user's token from the <see cref="ITokenVault"/> (refreshed when it nears expiry), signs
/// the request (OAuth 1) or adds the Bearer token (OAuth 2), applies the provider's <c>protected_request</c>
/// compliance hooks, and on a 401 refreshes once and retries once. Add it with
/// <see cref="AuthActorsHttpClientBuilderExtensions.AddAuthActorsToken"/>.
/// </summary>
/// <remarks>
/// The user is the signed-in user of the current request (the <c>authactors:provider</c> claim must name this
/// provider), or the subject set in <see cref="SubjectOption"/> for work outside a request. A form body is part
/// of the OAuth 1 signature; other bodies are sent as they are. Without a usable token the handler throws
/// <see cref="AuthActorsTokenException"/> and sends nothing.
/// </remarks>
public sealed class AuthActorsTokenHandler(string provider, ITokenVault vault, IHttpContextAccessor? httpContext = null) : DelegatingHandler
{
    /// <summary>The request option that names the user (the subject) explicitly, for calls outside an HTTP request.</summary>
    public static readonly HttpRequestOptionsKey<string> SubjectOption = new("AuthActors.Subject");

    /// <summary>The provider whose tokens this handler uses.</summary>
    public string Provider { get; } = provider ?? throw new ArgumentNullException(nameof(provider));

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = SubjectOf(request) ?? throw new AuthActorsTokenException(new TokenGrant.Refused(string.Empty, GrantFailureReason.NoGrant, null,
            $"No user signed in with '{Provider}' for this request, and no subject in the request's options."));
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var plain = ToPlain(request, body);
        var authorized = await vault.AuthorizeAsync(Provider, subject, plain, rejected: null, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(Apply(request, authorized, body), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !authorized.CanRetryAfterRefresh)
        {
            return response;
        }

        // One refresh (shared with every other caller that saw the same token refused) and one retry.
        var retry = await vault.AuthorizeAsync(Provider, subject, plain, authorized.Token, cancellationToken).ConfigureAwait(false);
        if (retry.Failure is not null)
        {
            return response;
        }

        response.Dispose();
        return await base.SendAsync(Apply(Copy(request), retry, body), cancellationToken).ConfigureAwait(false);
    }

    private string? SubjectOf(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(SubjectOption, out var explicitSubject) && !string.IsNullOrEmpty(explicitSubject))
        {
            return explicitSubject;
        }

        var user = httpContext?.HttpContext?.User;
        return user?.FindFirst(LoginPrincipal.ProviderClaim)?.Value == Provider ? user.FindFirst(ClaimTypes.NameIdentifier)?.Value : null;
    }

    private static OAuthHttpRequest ToPlain(HttpRequestMessage request, byte[]? body)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var isForm = request.Content?.Headers.ContentType?.MediaType is OAuthHttpRequest.FormContentType;
        var form = isForm && body is not null ? FormEncoding.Parse(System.Text.Encoding.UTF8.GetString(body)) : null;
        return new OAuthHttpRequest(request.Method.Method, uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString, [], form);
    }

    private static HttpRequestMessage Apply(HttpRequestMessage request, AuthorizedRequest authorized, byte[]? body)
    {
        if (authorized.Request is not { } prepared)
        {
            throw new AuthActorsTokenException(authorized.Failure!);
        }

        request.RequestUri = new Uri(prepared.Url, UriKind.Absolute);
        foreach (var (name, value) in prepared.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (prepared.Form is { } form)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        else if (body is not null)
        {
            var content = new ByteArrayContent(body);
            foreach (var header in request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = content;
        }

        return request;
    }

    // A sent request cannot be sent again: the retry is a copy (its body is restored from the buffer in Apply).
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers.Where(h => !string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent([]);
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return copy;
    }
}

/// <summary>The <see cref="AuthActorsTokenHandler"/> could not get a token for the request; nothing was sent.</summary>
public sealed class AuthActorsTokenException(TokenGrant.Refused failure) : HttpRequestException(failure.Description)
{
    /// <summary>Why: <see cref="GrantFailureReason.ReauthenticationRequired"/> means the user must log in again.</summary>
    public TokenGrant.Refused Failure { get; } = failure;
}
