using AuthActors.Protocol.Compliance.Fixes;

namespace AuthActors.Protocol.Compliance;

/// <summary>
/// The shipped compliance fixes by name, so that configuration can select one
/// (<c>"ComplianceFix": "slack"</c>) without code.
/// </summary>
public static class ComplianceFixes
{
    private static readonly Dictionary<string, ComplianceFix> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["github"] = GitHubComplianceFix.Apply,
        ["facebook"] = FacebookComplianceFix.Apply,
        ["slack"] = SlackComplianceFix.Apply,
        ["fitbit"] = FitbitComplianceFix.Apply,
        ["mailchimp"] = MailchimpComplianceFix.Apply,
        ["weibo"] = QueryTokenComplianceFixes.Weibo,
        ["douban"] = QueryTokenComplianceFixes.Douban,
        ["ebay"] = EbayComplianceFix.Apply,
        ["plentymarkets"] = PlentymarketsComplianceFix.Apply,
        ["instagram"] = InstagramComplianceFix.Apply,
        ["twitch"] = TwitchComplianceFix.Apply,
        ["reddit"] = RedditComplianceFix.Apply,
    };

    /// <summary>The names of every shipped fix.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The fix named <paramref name="name"/>; an unknown name throws with the list of known ones.</summary>
    public static ComplianceFix Get(string name) =>
        ByName.TryGetValue(name, out var fix)
            ? fix
            : throw new ArgumentException($"Unknown compliance fix '{name}'. Known fixes: {string.Join(", ", ByName.Keys)}.", nameof(name));

    /// <summary>True when a fix named <paramref name="name"/> ships.</summary>
    public static bool Exists(string name) => ByName.ContainsKey(name);
}
