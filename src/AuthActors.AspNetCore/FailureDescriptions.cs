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
        FailureReason.JournalUnavailable or FailureReason.Timeout => StatusCodes.Status503ServiceUnavailable,
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
        _ => "Start the sign-in again.",
    };
}
