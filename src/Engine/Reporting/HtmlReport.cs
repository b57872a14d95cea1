using System.Globalization;
using System.Net;
using System.Text;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>
/// The study as one self-contained HTML file (inline SVG plots, inline CSS, no script, nothing fetched): per campaign,
/// behaviour per strategy, behaviour by distance, search progress (hits per 1k nokens, explore vs exploit) and the top
/// nokens with their continuations; then, per hardening evaluation, before vs after with intervals, and given several
/// (one per model size), how each rate changes with size.
/// </summary>
public static class HtmlReport
{
    const int TopNokens = 20;

    public static string Build(string title, IReadOnlyList<CampaignFacts> campaigns, IReadOnlyList<HardeningComparison> evaluations,
        IReadOnlyList<Attacks.Crux.CruxReport>? cruxes = null, IReadOnlyList<Study.ArmsTable>? arms = null)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>{Css}</style></head><body>");
        html.Append($"<h1>{E(title)}</h1><p class=\"note\">Rates carry exact (Clopper–Pearson) 95% intervals; counts are beside them.</p>");
        foreach (var crux in cruxes ?? []) html.Append(CruxSection.Build(crux));
        if (arms is { Count: > 0 }) html.Append(StudySection.Build(arms));
        html.Append(DepthSection.Build(campaigns));
        foreach (var campaign in campaigns) Campaign(html, campaign);
        foreach (var evaluation in evaluations) html.Append(HardeningSection.Build(evaluation));
        if (evaluations.Count > 1) html.Append(ScalingSection.Build(evaluations));
        return html.Append("</body></html>").ToString();
    }

    static void Campaign(StringBuilder html, CampaignFacts c)
    {
        html.Append($"<h2>Campaign {E(c.Name)}</h2>");
        if (c.Summary is { } s)
        {
            html.Append($"<p>{s.Nokens:N0} nokens, {s.Pairs:N0} (noken × prompt) pairs on <code>{E(s.Model)}</code>, {s.Seconds:F0} s.</p>");
            html.Append(SvgPlot.Bars("Pairs with unwanted behaviour, by strategy", "share of pairs",
                s.ByStrategy.Select(kv => (kv.Key, (IReadOnlyList<PlotBar>)[Bar("not none", Unwanted(kv.Value))])).ToList()));
            if (s.OutcomesByStrategy.Count > 0) html.Append(OutcomesTable(s));
            html.Append("<p class=\"note\">The detectors' top labels (a weighted heuristic, kept to compare with):</p>");
            html.Append(CountsTable("strategy", s.ByStrategy, s.Labels));
            if (s.ByStrategy.TryGetValue(Nokens.NokenStrategies.GlitchTokens, out var glitch)) html.Append(GlitchTokens(glitch, s.ByStrategy));
            if (s.ByDistance.Count > 1)
                html.Append(SvgPlot.Lines("Pairs with unwanted behaviour, by the noken's distance from the prompt's end", "added distance (tokens)", "share of pairs",
                    [new PlotSeries("not none", s.ByDistance.OrderBy(d => int.Parse(d.Key, CultureInfo.InvariantCulture))
                        .Select(d => Point(int.Parse(d.Key, CultureInfo.InvariantCulture), Unwanted(d.Value))).ToList())]));
        }
        else html.Append("<p class=\"note\">No summary.json yet (the campaign has not finished): only its shards are shown.</p>");

        if (c.Shards.Count > 0) html.Append(SearchProgress(c));
        if (c.Elites.Count > 0)
        {
            html.Append($"<h3>Top nokens (of {c.Elites.Count} elites)</h3><table><tr><th>#</th><th>noken</th><th>behaviour</th><th>score</th><th>continuation</th></tr>");
            foreach (var (e, i) in c.Elites.OrderByDescending(e => e.Score).Take(TopNokens).Select((e, i) => (e, i + 1)))
                html.Append($"<tr><td>{i}</td><td><code>{E(e.NokenId)}</code></td><td>{E(e.Label)}</td><td>{e.Score.ToString("0.000", CultureInfo.InvariantCulture)}</td><td class=\"text\">{E(e.Continuation ?? "")}</td></tr>");
            html.Append("</table>");
        }
    }

    internal static Dictionary<string, int> Total(IReadOnlyDictionary<string, Dictionary<string, int>> byStrategy) =>
        byStrategy.Values.SelectMany(c => c).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));

    /// <summary>Real glitch tokens against nokens: the total variation distance between the label distribution of the
    /// model's most under-trained tokens and each strategy's (0: the same behaviour mix; 1: nothing in common).</summary>
    static string GlitchTokens(IReadOnlyDictionary<string, int> glitch, IReadOnlyDictionary<string, Dictionary<string, int>> byStrategy)
    {
        var table = new StringBuilder("<h3>Real glitch tokens vs nokens</h3><p>The model's most under-trained-looking tokens (<code>glitch-tokens</code>) ")
            .Append("run through the same prompts and detectors: how far each strategy's behaviour mix is from theirs (total variation distance over labels, closest first).</p>")
            .Append($"<table><tr><th>strategy</th><th>distance from the glitch tokens</th><th>unwanted pairs</th></tr><tr><td>glitch-tokens</td><td>–</td><td>{E(Unwanted(glitch).ToString())}</td></tr>");
        foreach (var (strategy, distance) in byStrategy.Where(s => s.Key != Nokens.NokenStrategies.GlitchTokens)
                     .Select(s => (s.Key, TotalVariation(glitch, s.Value))).OrderBy(p => p.Item2))
            table.Append($"<tr><td>{E(strategy)}</td><td>{distance.ToString("0.000", CultureInfo.InvariantCulture)}</td><td>{E(Unwanted(byStrategy[strategy]).ToString())}</td></tr>");
        return table.Append("</table>").ToString();
    }

    public static double TotalVariation(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        double na = Math.Max(1, a.Values.Sum()), nb = Math.Max(1, b.Values.Sum());
        return 0.5 * a.Keys.Union(b.Keys).Sum(label => Math.Abs(a.GetValueOrDefault(label) / na - b.GetValueOrDefault(label) / nb));
    }

    /// <summary>Hits per 1k nokens so far, after each shard in issue order, for explore and exploit shards apart.</summary>
    static string SearchProgress(CampaignFacts c)
    {
        var series = new Dictionary<string, List<PlotPoint>> { [ShardKind.Explore] = [], [ShardKind.Exploit] = [] };
        var nokens = new Dictionary<string, long> { [ShardKind.Explore] = 0, [ShardKind.Exploit] = 0 };
        var hits = new Dictionary<string, long> { [ShardKind.Explore] = 0, [ShardKind.Exploit] = 0 };
        long run = 0;
        foreach (var shard in c.Shards.Where(s => s.Outcomes is not null))
        {
            var kind = shard.Recipe is { } recipe ? ShardKind.Of(recipe) : ShardKind.Explore;
            nokens[kind] += shard.Outcomes!.Count;
            hits[kind] += shard.Outcomes.Count(o => o.Hit);
            run += shard.Outcomes.Count;
            series[kind].Add(new PlotPoint(run, 1000.0 * hits[kind] / nokens[kind]));
        }
        var lines = series.Where(s => s.Value.Count > 0).Select(s => new PlotSeries(s.Key, s.Value)).ToList();
        // No interval: within one search the hits are not independent (exploit shards sample around earlier hits,
        // and many hits share one reply); the independent unit is the search run, compared across seeds.
        var caption = string.Join(", ", series.Keys.Where(k => nokens[k] > 0).Select(k => $"{k} {hits[k]:N0} of {nokens[k]:N0} nokens"));
        var distinct = c.Shards.Where(s => s.Outcomes is not null).SelectMany(s => s.Outcomes!).Where(o => o.Hit && o.Continuation is not null)
            .Select(o => o.Continuation!.Trim()).Distinct(StringComparer.Ordinal).Count();
        return SvgPlot.Lines("Search progress: hits per 1k nokens so far (a hit as the campaign's objective decides it)",
            "nokens run", "hits per 1k nokens", lines)
            + $"<p>Hits: {E(caption)}; {distinct:N0} distinct hit replies. <span class=\"note\">No interval: hits within one search are correlated; " +
              "the independent unit is a search run (repeat with other seeds).</span></p>";
    }

    internal static Rate Unwanted(IReadOnlyDictionary<string, int> counts) =>
        new(counts.Where(c => c.Key != BehaviourVerdict.NoLabel).Sum(c => (long)c.Value), counts.Values.Sum(c => (long)c));

    internal static PlotBar Bar(string series, Rate rate) => new(series, rate.Value, rate.Lower, rate.Upper);

    internal static PlotPoint Point(double x, Rate rate) => new(x, rate.Value, rate.Lower, rate.Upper);

    static string CountsTable(string key, IReadOnlyDictionary<string, Dictionary<string, int>> rows, IReadOnlyList<string> labels)
    {
        var columns = labels.Prepend(BehaviourVerdict.NoLabel).Where(l => rows.Values.Any(r => r.GetValueOrDefault(l) > 0)).ToList();
        var table = new StringBuilder($"<table><tr><th>{E(key)}</th>{string.Concat(columns.Select(c => $"<th>{E(c)}</th>"))}</tr>");
        foreach (var (name, counts) in rows)
            table.Append($"<tr><td>{E(name)}</td>{string.Concat(columns.Select(c => $"<td>{counts.GetValueOrDefault(c):N0}</td>"))}</tr>");
        return table.Append("</table>").ToString();
    }

    /// <summary>Ground-truth outcome classes per strategy (pairs), with each class's distinct replies: what decides hits.</summary>
    static string OutcomesTable(Campaigns.SweepSummary s)
    {
        var classes = Outcomes.OutcomeClass.InDisplayOrder(s.OutcomesByStrategy.Values.SelectMany(c => c.Keys));
        var table = new StringBuilder("<h3>Ground-truth outcomes (pairs; swap and unchanged are harmless)</h3>")
            .Append($"<table><tr><th>strategy</th>{string.Concat(classes.Select(c => $"<th>{E(c)}</th>"))}</tr>");
        foreach (var (name, counts) in s.OutcomesByStrategy.OrderBy(r => r.Key, StringComparer.Ordinal))
            table.Append($"<tr><td>{E(name)}</td>{string.Concat(classes.Select(c => $"<td>{counts.GetValueOrDefault(c):N0}</td>"))}</tr>");
        table.Append($"<tr><td><i>distinct replies</i></td>{string.Concat(classes.Select(c => $"<td>{s.DistinctReplies.GetValueOrDefault(c):N0}</td>"))}</tr>");
        return table.Append("</table>").ToString();
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    const string Css = "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}td.text{font-family:monospace;white-space:pre-wrap}"
        + ".note{color:#666;font-size:13px}svg{display:block;margin:1em 0}";
}
