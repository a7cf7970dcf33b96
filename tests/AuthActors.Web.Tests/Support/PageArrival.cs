using Microsoft.Playwright;

namespace AuthActors.Web.Tests.Support;

/// <summary>
/// Waits for the page a browser ends on by asking the page where it is and what it shows, every 250 ms, not by
/// waiting for Chromium's navigation events. On a machine busy with the other test assemblies those events have been
/// lost or late with the page already there: a wait for the load event outlived 90 s, a wait for DOMContentLoaded
/// timed out after 30 s with only "network idle" seen (CI, the OAuth 1 profile test), and once a single
/// wait for the URL and the element timed out with the profile on the page. The pages are rendered on the server,
/// so an element that is there is the outcome; a login that hangs or ends elsewhere still fails, with the page's
/// URL and content in the message.
/// </summary>
public static class PageArrival
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns once the page's path is <paramref name="path"/> and an element matches <paramref name="selector"/>.</summary>
    public static async Task ArriveAtAsync(this IPage page, string path, string selector, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await IsAtAsync(page, path, selector))
        {
            if (DateTime.UtcNow > deadline)
            {
                var content = await ContentOrReasonAsync(page);
                var extra = diagnostics is null ? "" : "\n" + diagnostics();
                throw new Xunit.Sdk.XunitException(
                    $"The page did not arrive at {path} showing {selector} within {limit.TotalSeconds:0} s; it is at {page.Url}:\n{content[..Math.Min(2000, content.Length)]}{extra}");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<bool> IsAtAsync(IPage page, string path, string selector)
    {
        if (!Uri.TryCreate(page.Url, UriKind.Absolute, out var url) || url.AbsolutePath != path)
        {
            return false;
        }

        try
        {
            return await page.Locator(selector).CountAsync() > 0;
        }
        catch (PlaywrightException)
        {
            // The document is being replaced while it is asked (a navigation in flight): ask again.
            return false;
        }
    }

    private static async Task<string> ContentOrReasonAsync(IPage page)
    {
        try
        {
            return await page.ContentAsync();
        }
        catch (PlaywrightException e)
        {
            return $"(the page's content could not be read: {e.Message})";
        }
    }
}
