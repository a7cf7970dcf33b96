using AuthActors.Engine.Attempts;
using Microsoft.AspNetCore.Http;

namespace AuthActors.AspNetCore;

/// <summary>What a failed login means to a person, and which HTTP status it maps to.</summary>
public static class FailureDescriptions
{
    /// <summary>The HTTP status for <paramref name="reason"/>.</summary>
    public static int StatusCodeOf(FailureReason reason) => reason switch
    {
        FailureReason.UnknownProvider or FailureReason.UnknownAttempt => StatusCodes.Status404NotFound,
        FailureReason.Denied => StatusCodes.Status403Forbidden,
        FailureReason.ProviderError or FailureReason.InvalidResponse or FailureReason.HttpError or FailureReason.TransportFailure
            or FailureReason.DiscoveryFailed or FailureReason.IdTokenInvalid or FailureReason.SubjectMismatch or FailureReason.IdentityUnavailable => StatusCodes.Status502BadGateway,
        FailureReason.JournalUnavailable or FailureReason.Timeout or FailureReason.Busy => StatusCodes.Status503ServiceUnavailable,
        FailureReason.AlreadyCompleted => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A short title for <paramref name="reason"/>.</summary>
    public static string TitleOf(FailureReason reason) => reason switch
    {
        FailureReason.Denied => "Sign-in was declined",
        FailureReason.Expired => "The sign-in took too long",
        FailureReason.BindingMismatch => "This sign-in was started in another browser",
        FailureReason.StateMismatch or FailureReason.TokenMismatch or FailureReason.IssuerMismatch => "The sign-in response does not match",
        FailureReason.ProviderError or FailureReason.InvalidResponse or FailureReason.HttpError => "The provider could not complete the sign-in",
        FailureReason.TransportFailure or FailureReason.DiscoveryFailed => "The provider is unavailable",
        FailureReason.IdTokenInvalid or FailureReason.SubjectMismatch => "The provider's identity could not be verified",
        FailureReason.IdentityUnavailable => "The provider did not say who you are",
        FailureReason.ExchangeOutcomeLost => "The sign-in was interrupted",
        FailureReason.JournalUnavailable or FailureReason.Timeout => "Sign-in is temporarily unavailable",
        FailureReason.Busy => "Sign-in is busy right now",
        FailureReason.AlreadyCompleted => "This sign-in link was already used",
        FailureReason.InvalidRequest => "The sign-in request was malformed",
        FailureReason.UnknownProvider => "Unknown sign-in provider",
        FailureReason.UnknownAttempt => "Unknown sign-in",
        _ => "The sign-in failed",
    };

    /// <summary>What the user can do about <paramref name="reason"/>.</summary>
    public static string AdviceOf(FailureReason reason) => reason switch
    {
        FailureReason.Denied => "You declined access at the provider. Start again if that was a mistake.",
        FailureReason.BindingMismatch => "For your safety a sign-in must finish in the browser that started it. Start again here.",
        FailureReason.TransportFailure or FailureReason.HttpError or FailureReason.DiscoveryFailed or FailureReason.IdentityUnavailable =>
            "The provider did not answer. Try again in a moment.",
        FailureReason.IdTokenInvalid or FailureReason.SubjectMismatch => "For your safety you were not signed in. If it happens again, tell the site's operator.",
        FailureReason.JournalUnavailable or FailureReason.Timeout => "Try again in a moment; nothing was lost.",
        FailureReason.Busy => "Too many people are signing in with this provider at once. Try again in a second.",
        FailureReason.AlreadyCompleted => "This sign-in has already finished, so the link no longer works. If you are not signed in, start again.",
        _ => "Start the sign-in again.",
    };

    /// <summary>
    /// The <c>Retry-After</c> delay for <paramref name="reason"/>: <paramref name="busyRetryAfter"/> (rounded up to whole
    /// seconds, at least one) for <see cref="FailureReason.Busy"/>, otherwise <c>null</c>.
    /// </summary>
    public static int? RetryAfterSecondsOf(FailureReason reason, TimeSpan busyRetryAfter) =>
        reason == FailureReason.Busy ? Math.Max(1, (int)Math.Ceiling(busyRetryAfter.TotalSeconds)) : null;
}
