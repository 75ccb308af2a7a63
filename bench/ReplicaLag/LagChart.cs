using System.Globalization;
using System.Text;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>
/// The picture of the lag runs, as a plain SVG written here (no charting library): rows done over time above, the
/// standby's lag over time below, throttled and unthrottled, with the limit line, the window in which replay was paused,
/// and the throttled run's throttled intervals.
/// </summary>
internal static class LagChart
{
    private const double Width = 900, Left = 70, Right = 20, PanelHeight = 230, Top = 50, Gap = 60, Bottom = 60;
    private static readonly string[] Colors = ["#1f77b4", "#d62728"];

    public static string Render(IReadOnlyList<LagRunResult> runs, TimeSpan limit)
    {
        var c = CultureInfo.InvariantCulture;
        var maxTime = Math.Ceiling(runs.Max(r => r.Samples[^1].Seconds) / 5) * 5;
        var maxRows = runs.Max(r => r.Rows);
        var maxLag = Math.Ceiling(Math.Max(runs.Max(r => r.MaxLagSeconds), limit.TotalSeconds) / 5) * 5;
        var height = Top + PanelHeight * 2 + Gap + Bottom;
        var plotWidth = Width - Left - Right;
        double X(double seconds) => Left + seconds / maxTime * plotWidth;
        var rowsTop = Top;
        var lagTop = Top + PanelHeight + Gap;
        double RowsY(double value) => rowsTop + PanelHeight - value / maxRows * PanelHeight;
        double LagY(double value) => lagTop + PanelHeight - value / maxLag * PanelHeight;

        var svg = new StringBuilder();
        svg.AppendLine(string.Create(c, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">"""));
        svg.AppendLine(string.Create(c, $"""<rect width="{Width}" height="{height}" fill="white"/>"""));
        svg.AppendLine(string.Create(c, $"""<text x="{Left}" y="22" font-size="15" font-weight="bold">Backfill of {maxRows:N0} rows while the standby's replay is paused</text>"""));

        // The pause window (of the first run; both runs pause on the same schedule), across both panels.
        var pause = runs[0];
        foreach (var top in new[] { rowsTop, lagTop })
        {
            svg.AppendLine(string.Create(c, $"""<rect x="{X(pause.PauseFrom):0.#}" y="{top}" width="{X(pause.PauseTo) - X(pause.PauseFrom):0.#}" height="{PanelHeight}" fill="#e8e8e8"/>"""));
        }

        svg.AppendLine(string.Create(c, $"""<text x="{(X(pause.PauseFrom) + X(pause.PauseTo)) / 2:0.#}" y="{rowsTop + 14}" text-anchor="middle" fill="#555">standby replay paused ({pause.PauseTo - pause.PauseFrom:0} s)</text>"""));

        // Throttled intervals of the throttled run, as a band under the rows curve.
        foreach (var (run, index) in runs.Select((r, i) => (r, i)).Where(p => p.r.IsThrottled))
        {
            foreach (var (from, to) in run.Throttled)
            {
                svg.AppendLine(string.Create(c, $"""<rect x="{X(from):0.#}" y="{rowsTop + PanelHeight - 8}" width="{Math.Max(1, X(to) - X(from)):0.#}" height="8" fill="{Colors[index]}" opacity="0.5"/>"""));
            }
        }

        Axes(svg, rowsTop, maxTime, maxRows, X, RowsY, "rows done", v => (v / 1000).ToString("N0", c) + "k");
        Axes(svg, lagTop, maxTime, maxLag, X, LagY, "replica lag (s)", v => v.ToString("0.#", c));

        // The limit line.
        svg.AppendLine(string.Create(c, $"""<line x1="{Left}" y1="{LagY(limit.TotalSeconds):0.#}" x2="{Width - Right}" y2="{LagY(limit.TotalSeconds):0.#}" stroke="#333" stroke-dasharray="6,4"/>"""));
        svg.AppendLine(string.Create(c, $"""<text x="{Width - Right - 4}" y="{LagY(limit.TotalSeconds) - 5:0.#}" text-anchor="end" fill="#333">limit {limit.TotalSeconds:0} s (the default --max-replica-lag)</text>"""));

        foreach (var (run, index) in runs.Select((r, i) => (r, i)))
        {
            var rowsPoints = string.Join(' ', run.Samples.Select(s => string.Create(c, $"{X(s.Seconds):0.#},{RowsY(s.RowsDone):0.#}")));
            var lagPoints = string.Join(' ', run.Samples.Select(s => string.Create(c, $"{X(s.Seconds):0.#},{LagY(s.LagSeconds):0.#}")));
            svg.AppendLine($"""<polyline points="{rowsPoints}" fill="none" stroke="{Colors[index]}" stroke-width="2"/>""");
            svg.AppendLine($"""<polyline points="{lagPoints}" fill="none" stroke="{Colors[index]}" stroke-width="2"/>""");
        }

        // Legend.
        var legendY = height - 18;
        var legendX = Left;
        foreach (var (run, index) in runs.Select((r, i) => (r, i)))
        {
            svg.AppendLine(string.Create(c, $"""<line x1="{legendX}" y1="{legendY - 4}" x2="{legendX + 24}" y2="{legendY - 4}" stroke="{Colors[index]}" stroke-width="2"/>"""));
            svg.AppendLine(string.Create(c, $"""<text x="{legendX + 30}" y="{legendY}">{run.Label}</text>"""));
            legendX += 260;
        }

        svg.AppendLine(string.Create(c, $"""<rect x="{legendX}" y="{legendY - 10}" width="24" height="8" fill="{Colors[0]}" opacity="0.5"/>"""));
        svg.AppendLine(string.Create(c, $"""<text x="{legendX + 30}" y="{legendY}">throttled</text>"""));
        svg.AppendLine(string.Create(c, $"""<text x="{Left + plotWidth / 2}" y="{height - 36}" text-anchor="middle">seconds since the backfill started</text>"""));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Axes(StringBuilder svg, double top, double maxTime, double maxValue, Func<double, double> x, Func<double, double> y, string title, Func<double, string> label)
    {
        var c = CultureInfo.InvariantCulture;
        var bottom = top + PanelHeight;
        svg.AppendLine(string.Create(c, $"""<line x1="{Left}" y1="{bottom}" x2="{Width - Right}" y2="{bottom}" stroke="#000"/>"""));
        svg.AppendLine(string.Create(c, $"""<line x1="{Left}" y1="{top}" x2="{Left}" y2="{bottom}" stroke="#000"/>"""));
        var timeStep = maxTime > 60 ? 10 : 5;
        for (var t = 0.0; t <= maxTime + 1e-9; t += timeStep)
        {
            svg.AppendLine(string.Create(c, $"""<line x1="{x(t):0.#}" y1="{bottom}" x2="{x(t):0.#}" y2="{bottom + 4}" stroke="#000"/>"""));
            svg.AppendLine(string.Create(c, $"""<text x="{x(t):0.#}" y="{bottom + 17}" text-anchor="middle">{t:0}</text>"""));
        }

        for (var i = 0; i <= 4; i++)
        {
            var value = maxValue * i / 4;
            svg.AppendLine(string.Create(c, $"""<line x1="{Left}" y1="{y(value):0.#}" x2="{Width - Right}" y2="{y(value):0.#}" stroke="#ddd" stroke-width="0.5"/>"""));
            svg.AppendLine(string.Create(c, $"""<text x="{Left - 6}" y="{y(value) + 4:0.#}" text-anchor="end">{label(value)}</text>"""));
        }

        svg.AppendLine(string.Create(c, $"""<text x="{Left}" y="{top - 8}" font-weight="bold">{title}</text>"""));
    }
}
