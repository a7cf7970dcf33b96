using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>
/// The login and callback handlers: HTTP in, <see cref="IAuthFlows"/> calls, HTTP out. No flow logic lives
/// here; the engine decides, this class translates.
/// </summary>
internal sealed class LoginEndpoints(AuthActorsEndpointOptions options)
{
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(15);

    public async Task<IResult> LoginAsync(HttpContext context, string provider, string? returnUrl, IAuthFlows flows)
    {
        Secure(context.Response);
        // Validated and made ASCII before the provider is involved: nothing can fail on it after the exchange.
        var target = ReturnUrls.LocalOr(returnUrl, options.DefaultReturnUrl);
        var begun = await flows.BeginAsync(provider, options.CallbackUrl(context.Request, provider), cancellationToken: context.RequestAborted);
        if (begun.Failure is { } failure)
        {
            return FailureResponses.Of(context, options, provider, failure);
        }

        BindingCookie.Write(context, options, provider, begun.AttemptId, begun.BindingSecret, target, CookieLifetime);
        return Results.Redirect(begun.AuthorizeUrl!);
    }

    public async Task<IResult> CallbackAsync(HttpContext context, string provider, IAuthFlows flows)
    {
        Secure(context.Response);
        var (form, error) = await CallbackBody.ReadAsync(context, options);
        if (error is not null)
        {
            return error;
        }

        var parameters = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList();
        parameters.AddRange(form);
        var attemptId = flows.AttemptIdOf(provider, parameters);
        var (secret, returnUrl) = attemptId is null ? (null, null) : BindingCookie.Read(context, options, attemptId);
        var result = await flows.CompleteAsync(provider, attemptId, parameters, secret, context.RequestAborted);
        if (attemptId is not null && secret is not null && result.Failure?.Reason is not (FailureReason.JournalUnavailable or FailureReason.Timeout or FailureReason.Busy))
        {
            BindingCookie.Delete(context, options, provider, attemptId);
        }

        if (result.Failure is { } failure)
        {
            return FailureResponses.Of(context, options, provider, failure);
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

    private static void Secure(HttpResponse response)
    {
        EdgeHeaders.Apply(response);
        response.Headers.CacheControl = "no-store";
    }
}
