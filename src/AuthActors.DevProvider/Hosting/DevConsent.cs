namespace AuthActors.DevProvider.Hosting;

/// <summary>The dev-only <c>dev_consent</c> query parameter and the consent form's field names.</summary>
internal static class DevConsent
{
    /// <summary>Query parameter of the authorize endpoints overriding <see cref="DevProviderOptions.AutoApprove"/>.</summary>
    public const string Parameter = "dev_consent";
    /// <summary><c>dev_consent=deny</c>: refuse at once.</summary>
    public const string Deny = "deny";
    /// <summary><c>dev_consent=page</c>: show the consent page even when auto-approving.</summary>
    public const string Page = "page";
    /// <summary>The consent form's hidden id field.</summary>
    public const string IdField = "consent_id";
    /// <summary>The consent form's decision field: <c>approve</c> or <c>deny</c>.</summary>
    public const string DecisionField = "decision";
    /// <summary>The approving decision.</summary>
    public const string Approve = "approve";
}
