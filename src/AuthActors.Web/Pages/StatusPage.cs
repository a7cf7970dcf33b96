using AuthActors.Engine.Attempts;
using AuthActors.Engine.Flows;
using AuthActors.Engine.Statistics;
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
            bucketSeconds = AttemptStatistics.BucketWidth.TotalSeconds,
            history = stats.History.Select(b => new
            {
                start = b.Start,
                completed = b.Completed,
                failures = b.Failures.ToDictionary(f => f.Key.ToString(), f => f.Value),
            }),
        });
    }

    public static IResult Render(IAuthFlows flows)
    {
        var rows = string.Join("\n", flows.Providers.Select(p =>
            $"""<tr data-provider="{E(p.Name)}"><th>{E(p.DisplayName)}</th><td data-col="pending">0</td>{string.Concat(Columns.Select(c => $"<td data-col=\"{c}\">0</td>"))}</tr>"""));
        return Page("Status", $"""
            <h1>Status</h1>
            <p class="muted">Counted on this node since <span id="since"></span>; refreshes every 2 s.</p>
            <h2>Last five minutes</h2>
            <svg id="chart" viewBox="0 0 660 230" width="100%" role="img" aria-label="Logins completed and failures by reason, per second, over the last five minutes"></svg>
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
              chart(s.history, s.bucketSeconds);
            }
            // Logins completed per second (green) and failures per second stacked by reason, one column per interval.
            const NS = 'http://www.w3.org/2000/svg';
            const PALETTE = ['#c63d3d', '#d98b2b', '#8e44ad', '#2c7fb8', '#7f8c8d', '#b5651d', '#16a085', '#d35400'];
            function el(name, attrs, text) {
              const e = document.createElementNS(NS, name);
              for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
              if (text !== undefined) e.textContent = text;
              return e;
            }
            function chart(history, seconds) {
              const svg = document.getElementById('chart');
              const left = 44, top = 30, width = 600, height = 170;
              const reasons = [...new Set(history.flatMap(b => Object.keys(b.failures)))].sort();
              const failed = b => Object.values(b.failures).reduce((a, n) => a + n, 0);
              const max = Math.max(1, ...history.map(b => Math.max(b.completed, failed(b)) / seconds));
              const y = v => top + height - (v / max) * height;
              const column = width / history.length;
              const parts = [
                el('line', { x1: left, y1: top + height, x2: left + width, y2: top + height, stroke: '#99a' }),
                el('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#667' }, max.toFixed(max < 10 ? 1 : 0) + '/s'),
                el('text', { x: left - 6, y: top + height, 'text-anchor': 'end', 'font-size': 11, fill: '#667' }, '0'),
                el('text', { x: left, y: top + height + 16, 'font-size': 11, fill: '#667' }, '5 min ago'),
                el('text', { x: left + width, y: top + height + 16, 'text-anchor': 'end', 'font-size': 11, fill: '#667' }, 'now'),
              ];
              history.forEach((b, i) => {
                const x = left + i * column;
                const ok = b.completed / seconds;
                parts.push(el('rect', { x: x + 0.5, y: y(ok), width: Math.max(1, column / 2 - 1), height: top + height - y(ok), fill: '#3c9a5f',
                  'data-series': 'completed', 'data-value': ok }));
                let base = 0;
                reasons.forEach((r, k) => {
                  const v = (b.failures[r] || 0) / seconds;
                  if (v === 0) return;
                  parts.push(el('rect', { x: x + column / 2, y: y(base + v), width: Math.max(1, column / 2 - 1), height: y(base) - y(base + v),
                    fill: PALETTE[k % PALETTE.length], 'data-series': r, 'data-value': v }));
                  base += v;
                });
              });
              [['completed', '#3c9a5f'], ...reasons.map((r, k) => [r, PALETTE[k % PALETTE.length]])].forEach(([name, color], k) => {
                parts.push(el('rect', { x: left + k * 150, y: 6, width: 10, height: 10, fill: color }));
                parts.push(el('text', { x: left + k * 150 + 14, y: 15, 'font-size': 11, fill: '#1d2530', 'data-legend': name }, name === 'completed' ? 'logins completed' : name));
              });
              svg.replaceChildren(...parts);
            }
            refresh(); setInterval(refresh, 2000);
            """;
}
