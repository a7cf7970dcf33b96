using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthActors.AspNetCore;

/// <summary>
/// The login and callback handlers: HTTP in, <see cref="IAuthFlows"/> calls, HTTP out. No flow logic lives
/// here; the engine decides, this class translates.
/// </summary>
internal sealed partial class LoginEndpoints(AuthActorsEndpointOptions options)
{
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(15);

    public async Task<IResult> LoginAsync(HttpContext context, string provider, string? returnUrl, IAuthFlows flows)
    {
        var callback = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{options.CallbackPath(provider)}";
        var begun = await flows.BeginAsync(provider, callback, cancellationToken: context.RequestAborted);
        if (begun.Failure is { } failure)
        {
            return Fail(context, provider, failure);
        }

        BindingCookie.Write(context, options, provider, begun.AttemptId, begun.BindingSecret, ReturnUrls.LocalOr(returnUrl, options.DefaultReturnUrl), CookieLifetime);
        return Results.Redirect(begun.AuthorizeUrl!);
    }

    public async Task<IResult> CallbackAsync(HttpContext context, string provider, IAuthFlows flows)
    {
        var parameters = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList();
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))));
        }

        var attemptId = flows.AttemptIdOf(provider, parameters);
        var (secret, returnUrl) = attemptId is null ? (null, null) : BindingCookie.Read(context, options, attemptId);
        var result = await flows.CompleteAsync(provider, attemptId, parameters, secret, context.RequestAborted);
        if (attemptId is not null && secret is not null && result.Failure?.Reason is not (FailureReason.JournalUnavailable or FailureReason.Timeout))
        {
            BindingCookie.Delete(context, options, provider, attemptId);
        }

        if (result.Failure is { } failure)
        {
            return Fail(context, provider, failure);
        }

        var target = ReturnUrls.LocalOr(returnUrl, options.DefaultReturnUrl);
        if (options.OnCompleted is { } onCompleted)
        {
            return Results.Redirect(ReturnUrls.LocalOr(await onCompleted(context, new CompletedLogin(provider, result, target)), options.DefaultReturnUrl));
        }

        var principal = LoginPrincipal.Create(provider, flows.Providers.FirstOrDefault(p => p.Name == provider)?.DisplayName ?? provider, result);
        await context.SignInAsync(options.SignInScheme, principal, LoginPrincipal.Properties(result, target));
        return Results.Redirect(target);
    }

    private IResult Fail(HttpContext context, string provider, AuthorizationAttempt.Failed failure)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AuthActors.AspNetCore");
        LogFailure(logger, provider, failure.Reason, failure.ProviderError);
        var status = FailureDescriptions.StatusCodeOf(failure.Reason);
        if (WantsJson(context))
        {
            return Results.Problem(
                title: FailureDescriptions.TitleOf(failure.Reason),
                detail: failure.Description,
                statusCode: status,
                type: "https://authactors.dev/errors/" + failure.Reason,
                extensions: new Dictionary<string, object?> { ["reason"] = failure.Reason.ToString(), ["provider"] = provider, ["providerError"] = failure.ProviderError });
        }

        var query = new Dictionary<string, string?> { ["reason"] = failure.Reason.ToString(), ["provider"] = provider, ["providerError"] = failure.ProviderError };
        return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + options.ErrorPath, query));
    }

    private static bool WantsJson(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && (a.Contains("application/json", StringComparison.OrdinalIgnoreCase) || a.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Login with {Provider} failed: {Reason} {ProviderError}")]
    private static partial void LogFailure(ILogger logger, string provider, FailureReason reason, string? providerError);
}
