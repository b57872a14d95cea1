using System.Globalization;
using System.Text;
using Orleans.Noken.Engine.Evaluation;
using static Orleans.Noken.Engine.Reporting.HtmlReport;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>
/// Several hardening evaluations side by side, smallest model first: how the held-out rate, what a fresh search finds
/// and capability change with size, before and after hardening. One evaluation per size, made by the same recipe
/// (the README's size study), is what makes the comparison fair.
/// </summary>
internal static class ScalingSection
{
    public static string Build(IReadOnlyList<HardeningComparison> evaluations)
    {
        var bySize = evaluations.OrderBy(e => e.Before.Parameters).ToList();
        var html = new StringBuilder("<h2>Model size</h2>");
        if (bySize.All(e => e.Before.Parameters > 0))
        {
            var series = new List<PlotSeries>();
            foreach (var (name, rate) in new (string, Func<ModelEvaluation, Rate?>)[]
                     {
                         ("held-out", m => m.HeldOutUnwantedPairs), ("search", m => m.Search?.Hits),   // short: the legend is 150 px
                     })
                foreach (var (when, side) in new (string, Func<HardeningComparison, ModelEvaluation>)[] { ("before", e => e.Before), ("after", e => e.After) })
                {
                    var points = bySize.Where(e => rate(side(e)) is { Samples: > 0 })
                        .Select(e => Point(e.Before.Parameters / 1e6, rate(side(e))!)).ToList();
                    if (points.Count > 0) series.Add(new PlotSeries($"{name}, {when}", points));
                }
            html.Append(SvgPlot.Lines("Held-out unwanted pairs and fresh-search hits by model size", "parameters (millions)", "rate", series));
        }
        else html.Append("<p class=\"note\">Some evaluations do not record their model's size (written by an older <code>noken evaluate</code>): listed in the order given.</p>");

        html.Append("<table><tr><th>model</th><th>parameters</th><th>held-out unwanted pairs</th><th>fresh-search hits</th><th>nokens to the first hit</th><th>answered helpfully</th><th>ordinary loss</th></tr>");
        foreach (var e in bySize)
        {
            var (b, a) = (e.Before, e.After);
            html.Append($"<tr><td><code>{E(b.Model)}</code></td><td>{(b.Parameters > 0 ? b.Parameters.ToString("N0", CultureInfo.InvariantCulture) : "?")}</td>")
                .Append(Cell(b.HeldOutUnwantedPairs, a.HeldOutUnwantedPairs)).Append(Cell(b.Search?.Hits, a.Search?.Hits))
                .Append(Cell(FirstHit(b.Search), FirstHit(a.Search)))
                .Append(Cell(b.Ordinary?.Helpful, a.Ordinary?.Helpful))
                .Append(Cell(b.Ordinary?.OrdinaryLoss.ToString("F4", CultureInfo.InvariantCulture), a.Ordinary?.OrdinaryLoss.ToString("F4", CultureInfo.InvariantCulture)))
                .Append("</tr>");
        }
        return html.Append("</table><p class=\"note\">Each cell: before → after hardening.</p>").ToString();
    }

    static string? FirstHit(SearchEvaluation? s) => s is null ? null : s.FirstHitAt?.ToString(CultureInfo.InvariantCulture) ?? "none";

    static string Cell(object? before, object? after) =>
        before is null && after is null ? "<td>–</td>" : $"<td>{E(before?.ToString() ?? "–")} → {E(after?.ToString() ?? "–")}</td>";
}
