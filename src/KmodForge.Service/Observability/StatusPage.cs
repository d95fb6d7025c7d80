using System.Globalization;
using System.Net;
using System.Text;
using KmodForge.Service.Builds;

namespace KmodForge.Service.Observability;

/// <summary>
/// The operator's page at <c>GET /</c>: the queue, the builds in progress with their elapsed time, and the recent
/// builds with outcome, duration and links (status, workflow run, package). Plain server-rendered HTML with a filter
/// box; every value is HTML-encoded, and nothing from a request (tokens, bodies) is ever stored, so none is shown.
/// </summary>
public static class StatusPage
{
    public static string Render(IReadOnlyList<BuildRecord> unfinished, IReadOnlyList<BuildRecord> recent, string backend, DateTimeOffset now)
    {
        var queued = unfinished.Where(b => b.State is BuildState.Dispatching or BuildState.Queued).ToList();
        var running = unfinished.Where(b => b.State == BuildState.InProgress).ToList();
        var finished = recent.Where(b => b.State.IsFinished()).ToList();
        var html = new StringBuilder(8192);
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="15"><link rel="icon" href="data:,"><title>KmodForge build service</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:72rem;color:#1b1f24}
            h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}.wrap{overflow-x:auto}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d7de;white-space:nowrap}
            .done{color:#1a7f37}.error,.timed_out{color:#cf222e}.not_applicable{color:#9a6700}input{font:inherit;padding:.3rem;width:min(100%,24rem)}
            .summary span{margin-right:1rem}
            </style></head><body>
            <h1>KmodForge build service</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\"><span>backend: {E(backend)}</span><span id=\"queued-count\">queued: {queued.Count}</span><span id=\"running-count\">in progress: {running.Count}</span><span>as of {now:yyyy-MM-dd HH:mm:ss} UTC</span> · <a href=\"metrics\">metrics</a> · <a href=\"healthz\">health</a></p>\n");
        html.Append("<p><label>Filter by kernel release: <input id=\"filter\" type=\"search\" placeholder=\"uname -r\" autocomplete=\"off\"></label></p>\n");
        Table(html, "queue", "Queue", ["build", "target", "waiting"], queued, b => [StatusLink(b), Target(b), Duration(now - b.CreatedAt)]);
        Table(html, "running", "In progress", ["build", "target", "elapsed", "run"], running,
            b => [StatusLink(b), Target(b), Duration(now - (b.DispatchedAt ?? b.CreatedAt)), Link(b.RunUrl, "run")]);
        Table(html, "recent", "Recent builds", ["build", "target", "outcome", "duration", "finished", "links"], finished,
            b => [StatusLink(b), Target(b), $"<span class=\"{b.State.StoredName()}\">{E(b.State.StoredName())}</span>{(b.Reason is null ? string.Empty : ": " + E(b.Reason))}",
                Duration(b.UpdatedAt - (b.DispatchedAt ?? b.CreatedAt)), E(b.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                string.Join(" ", new[] { Link(b.RunUrl, "run"), Link(b.Location, "package") }.Where(l => l.Length > 0))]);
        html.Append("""
            <script>
            document.getElementById('filter').addEventListener('input', function (e) {
              var q = e.target.value.trim();
              document.querySelectorAll('tr[data-kernel]').forEach(function (row) {
                row.hidden = q !== '' && row.getAttribute('data-kernel').indexOf(q) < 0;
              });
            });
            </script>
            </body></html>
            """);
        return html.ToString();
    }

    private static void Table(StringBuilder html, string id, string title, string[] headers, IReadOnlyList<BuildRecord> builds, Func<BuildRecord, string[]> cells)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{title} ({builds.Count})</h2>\n");
        if (builds.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"{id}-empty\">none</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<div class=\"wrap\"><table id=\"{id}\"><thead><tr>{string.Concat(headers.Select(h => $"<th>{h}</th>"))}</tr></thead><tbody>\n");
        foreach (var build in builds)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-kernel=\"{E(build.Request.KernelVersion)}\">{string.Concat(cells(build).Select(c => $"<td>{c}</td>"))}</tr>\n");
        }

        html.Append("</tbody></table></div>\n");
    }

    private static string StatusLink(BuildRecord b) => $"<a href=\"status/{E(b.Id)}\">{E(b.Id)}</a>";

    private static string Target(BuildRecord b) =>
        E($"{b.Request.Distribution} {b.Request.DistroVersion} {b.Request.Architecture} {b.Request.KernelVersion} {b.Request.DriverVersion}");

    /// <summary>A link only to an http(s) URL; a local store's path is the text's tooltip (it means nothing to a remote browser).</summary>
    private static string Link(string? url, string text) =>
        url is null ? string.Empty
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? $"<a href=\"{E(url)}\">{text}</a>"
        : $"<span title=\"{E(url)}\">{text}</span>";

    private static string Duration(TimeSpan t) => t < TimeSpan.Zero ? "0s"
        : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:00}s"
        : $"{t.Seconds}s";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
}
