using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using static AuthActors.Web.Pages.Html;

namespace AuthActors.Web.Pages;

/// <summary>Live counts of attempts per provider and phase, and recent failures by reason.</summary>
internal static class StatusPage
{
    private static readonly AttemptPhase[] Columns = [AttemptPhase.Redirected, AttemptPhase.Exchanging, AttemptPhase.Exchanged, AttemptPhase.Failed, AttemptPhase.Expired];

    public static async Task<IResult> Json(IAuthFlows flows, CancellationToken cancellationToken)
    {
        var stats = await flows.GetStatisticsAsync(cancellationToken);
        return Results.Json(new
        {
            since = stats.Since,
            providers = flows.Providers.ToDictionary(p => p.Name, p =>
            {
                var counts = stats.Providers.GetValueOrDefault(p.Name);
                return new
                {
                    pending = counts?.Pending ?? 0,
                    entered = Columns.ToDictionary(c => c.ToString(), c => counts?.Entered.GetValueOrDefault(c) ?? 0),
                };
            }),
            failuresByReason = stats.FailuresByReason.ToDictionary(f => f.Key.ToString(), f => f.Value),
            recentFailures = stats.RecentFailures.Select(f => new { at = f.At, provider = f.Provider, reason = f.Reason.ToString() }),
        });
    }

    public static IResult Render(IAuthFlows flows)
    {
        var rows = string.Join("\n", flows.Providers.Select(p =>
            $"""<tr data-provider="{E(p.Name)}"><th>{E(p.DisplayName)}</th><td data-col="pending">0</td>{string.Concat(Columns.Select(c => $"<td data-col=\"{c}\">0</td>"))}</tr>"""));
        return Page("Status", $"""
            <h1>Status</h1>
            <p class="muted">Counted on this node since <span id="since"></span>; refreshes every 2 s.</p>
            <table id="attempts">
              <tr><th>provider</th><th>pending now</th>{string.Concat(Columns.Select(c => $"<th>{c.ToString().ToLowerInvariant()}</th>"))}</tr>
              {rows}
            </table>
            <h2>Failures by reason</h2>
            <table><tbody id="reasons"></tbody></table>
            <h2>Recent failures</h2>
            <table><thead><tr><th>when (UTC)</th><th>provider</th><th>reason</th></tr></thead><tbody id="recent"></tbody></table>
            """, script: Script);
    }

    /// <summary>The page's script, inline (allowed by its hash in <see cref="Html.ContentSecurityPolicy"/>).</summary>
    public const string Script = """
            async function refresh() {
              const s = await (await fetch('/status.json', { headers: { accept: 'application/json' } })).json();
              for (const [name, p] of Object.entries(s.providers)) {
                const row = document.querySelector(`tr[data-provider="${CSS.escape(name)}"]`);
                if (!row) continue;
                row.querySelector('[data-col="pending"]').textContent = p.pending;
                for (const [phase, n] of Object.entries(p.entered)) row.querySelector(`[data-col="${phase}"]`).textContent = n;
              }
              const reasons = document.getElementById('reasons');
              reasons.replaceChildren(...Object.entries(s.failuresByReason).map(([r, n]) => {
                const tr = document.createElement('tr'); tr.dataset.reason = r;
                tr.append(Object.assign(document.createElement('th'), { textContent: r }), Object.assign(document.createElement('td'), { textContent: n }));
                return tr;
              }));
              const recent = document.getElementById('recent');
              recent.replaceChildren(...s.recentFailures.map(f => {
                const tr = document.createElement('tr');
                for (const text of [new Date(f.at).toISOString(), f.provider, f.reason]) tr.append(Object.assign(document.createElement('td'), { textContent: text }));
                return tr;
              }));
              document.getElementById('since').textContent = new Date(s.since).toISOString();
            }
            refresh(); setInterval(refresh, 2000);
            """;
}
