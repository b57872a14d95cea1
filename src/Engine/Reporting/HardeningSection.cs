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
        // Unwanted rates near zero and a helpful rate near one share no useful scale: two charts.
        html.Append(Bars("Unwanted behaviour before vs after hardening", rows.Where(r => !r.Capability)));
        if (rows.Any(r => r.Capability && r.Before is not null)) html.Append(Bars("Capability before vs after hardening", rows.Where(r => r.Capability)));
        html.Append("<table><tr><th>measure</th><th>before</th><th>after</th></tr>");
        foreach (var row in rows) html.Append($"<tr><td>{E(row.Measure)}</td><td>{E(row.BeforeText)}</td><td>{E(row.AfterText)}</td></tr>");
        return html.Append("</table>").ToString();
    }

    static string Bars(string title, IEnumerable<ComparisonRow> rows) => SvgPlot.Bars(title, "rate",
        rows.Where(r => r.Before is not null || r.After is not null)
            .Select(r => (r.Measure, (IReadOnlyList<PlotBar>)new[] { r.Before, r.After }.Zip(["before", "after"])
                .Where(p => p.First is { Samples: > 0 }).Select(p => Bar(p.Second, p.First!)).ToList())).ToList());
}
