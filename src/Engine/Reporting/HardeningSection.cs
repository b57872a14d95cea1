using System.Globalization;
using System.Text;
using Orleans.Noken.Engine.Evaluation;
using static Orleans.Noken.Engine.Reporting.HtmlReport;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>One hardening evaluation: every rate before and after as bars with intervals, then the table with the
/// figures that are not rates (nokens to the first hit, the loss).</summary>
internal static class HardeningSection
{
    public static string Build(HardeningComparison h)
    {
        var html = new StringBuilder($"<h2>Hardening: before vs after</h2><p><code>{E(h.Before.Model)}</code> → <code>{E(h.After.Model)}</code>, threshold {h.Threshold.ToString(CultureInfo.InvariantCulture)}.</p>");
        var rows = ComparisonRows.Of(h);
        html.Append(SvgPlot.Bars("Before vs after hardening", "rate",
            rows.Where(r => r.Before is not null || r.After is not null)
                .Select(r => (r.Measure, (IReadOnlyList<PlotBar>)new[] { r.Before, r.After }.Zip(["before", "after"])
                    .Where(p => p.First is { Samples: > 0 }).Select(p => Bar(p.Second, p.First!)).ToList())).ToList()));
        html.Append("<table><tr><th>measure</th><th>before</th><th>after</th></tr>");
        foreach (var row in rows) html.Append($"<tr><td>{E(row.Measure)}</td><td>{E(row.BeforeText)}</td><td>{E(row.AfterText)}</td></tr>");
        return html.Append("</table>").ToString();
    }
}
