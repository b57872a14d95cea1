using System.Globalization;
using System.Text;
using Orleans.Noken.Engine.Attacks.Crux;
using Orleans.Noken.Engine.Evaluation;
using static Orleans.Noken.Engine.Reporting.HtmlReport;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>The crux-1 comparison (<c>noken crux --json</c>): per planted behaviour, each arm's success rate over its
/// independent units with the exact interval, as bars and as the table.</summary>
internal static class CruxSection
{
    public static string Build(CruxReport crux)
    {
        var html = new StringBuilder($"<h2>Crux 1: can a noken bring back a removed behaviour?</h2><p>Every arm on the same units " +
            $"(held-out trigger paraphrase × {crux.Seeds} seed(s)) at ≤ {crux.Budget:N0} forward-pass equivalents per unit (a backward pass " +
            $"counts {crux.BackwardCost}); success is the behaviour's ground-truth check on the greedy reply.</p>");
        foreach (var goal in crux.Rows.GroupBy(r => r.Goal))
            html.Append(SvgPlot.Bars($"{goal.Key}: successes per unit", "success rate",
                goal.Select(r => (r.Arm, (IReadOnlyList<PlotBar>)[Bar("success", new Rate(r.Successes, r.Units))])).ToList()));
        html.Append("<table><tr><th>behaviour</th><th>arm</th><th>successes / units</th><th>rate [95%]</th><th>median spend to success</th></tr>");
        foreach (var r in crux.Rows)
            html.Append($"<tr><td>{E(r.Goal)}</td><td>{E(r.Arm)}</td><td>{r.Successes}/{r.Units}</td><td>{E(new Rate(r.Successes, r.Units).ToString())}</td>" +
                $"<td>{(r.MedianSpentToSuccess is { } m ? m.ToString("F0", CultureInfo.InvariantCulture) : "—")}</td></tr>");
        return html.Append("</table>").ToString();
    }
}
