using System.Text;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Outcomes;
using static Orleans.Noken.Engine.Reporting.HtmlReport;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>
/// The same nokens injected at different depths (one campaign per layer): how often they make the model misbehave as
/// they enter deeper, per injection mode, by ground-truth outcome class — which class a deep vector produces (a
/// planted behaviour, a broken refusal, degraded text or only a harmless swap) is the finding, not the count alone.
/// Campaigns whose summaries predate outcome classes fall back to the detectors' labels, and say so.
/// </summary>
internal static class DepthSection
{
    public static string Build(IReadOnlyList<CampaignFacts> campaigns)
    {
        var modes = Series(campaigns);
        if (modes.Count == 0) return "";
        var all = modes.SelectMany(g => g).OrderBy(c => c.Mode).ThenBy(c => c.Layer).ToList();
        bool grounded = all.All(c => c.Summary!.OutcomesByStrategy.Count > 0);
        var lines = modes.Select(g => new PlotSeries($"{g.Key.ToLowerInvariant()} at the layer",
            g.OrderBy(c => c.Layer).Select(c => Point(c.Layer, UnwantedShare(c, grounded))).ToList())).ToList();
        var html = new StringBuilder("<h2>Residual stream: by depth</h2>")
            .Append(SvgPlot.Lines(grounded ? "Pairs with an unwanted ground-truth outcome by the layer the noken enters"
                    : "Pairs with unwanted behaviour (detector labels) by the layer the noken enters",
                "layer (0 = input embeddings)", "share of pairs", lines));
        if (!grounded)
            html.Append("<p class=\"note\">These summaries have no ground-truth outcome classes (written before them): the rates are the detectors' labels.</p>");
        var classes = grounded ? OutcomeClass.InDisplayOrder(all.SelectMany(c => c.Summary!.OutcomesByStrategy.Values.SelectMany(v => v.Keys))) : [];
        html.Append("<table><tr><th>campaign</th><th>layer</th><th>mode</th><th>unwanted pairs</th>")
            .Append(string.Concat(classes.Select(c => $"<th>{E(c)}</th>"))).Append("</tr>");
        foreach (var c in all)
        {
            var outcomes = Total(c.Summary!.OutcomesByStrategy);
            html.Append($"<tr><td>{E(c.Name)}</td><td>{c.Layer}</td><td>{E(c.Mode)}</td><td>{E(UnwantedShare(c, grounded).ToString())}</td>")
                .Append(string.Concat(classes.Select(k => $"<td>{outcomes.GetValueOrDefault(k):N0}</td>"))).Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    /// <summary>Per injection mode, the campaigns finished at two or more layers (a campaign on the input embeddings
    /// alone is no depth curve).</summary>
    static IReadOnlyList<IGrouping<string, CampaignFacts>> Series(IReadOnlyList<CampaignFacts> campaigns) =>
        campaigns.Where(c => c.Summary is not null).GroupBy(c => c.Mode).Where(g => g.Select(c => c.Layer).Distinct().Count() > 1).ToList();

    static Rate UnwantedShare(CampaignFacts c, bool grounded)
    {
        if (!grounded) return Unwanted(Total(c.Summary!.ByStrategy));
        var outcomes = Total(c.Summary!.OutcomesByStrategy);
        return new Rate(outcomes.Where(o => OutcomeClass.IsUnwanted(o.Key)).Sum(o => (long)o.Value), outcomes.Values.Sum(v => (long)v));
    }
}
