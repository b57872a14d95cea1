using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Judging;
using Orleans.Noken.Engine.Models;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken sweep SPEC [--out DIR]</c>: a whole campaign in this process with a live progress bar, one Parquet file
/// per shard, <c>summary.json</c>, and the answer tables printed at the end. Explore-only: an adaptive spec's search
/// needs the coordinator that <c>noken run</c> starts, and a sweep of one warns that it does not search.
/// </summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var spec = new Argument<string>("spec") { Description = "Campaign spec (YAML or JSON)" };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (overrides the spec's)" };
        var layer = new Option<int?>("--layer") { Description = "Inject the nokens into the residual stream at the input of this block (overrides the spec's injection; needs its control_token above 0)" };
        var mode = new Option<ResidualEditMode?>("--mode") { Description = "With --layer: add the noken to the residual stream, or replace it (default replace)" };
        var command = new Command("sweep", "Run a campaign locally: sample, generate, classify, write Parquet + summary.json") { spec, output, layer, mode };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var campaign = CampaignSpecReader.Load(parse.GetValue(spec)!, parse.GetValue(output));
            if (parse.GetValue(layer) is { } l)
            {
                var injection = new NokenInjection(l, parse.GetValue(mode) ?? ResidualEditMode.Replace);
                if (!injection.IsInputSplice && campaign.ControlTokenId is null)
                    throw new ArgumentException("--layer above 0 (or --mode add) needs the spec's control_token: the real token that fills the slot below the injected layer");
                campaign = campaign with { Injection = injection };
            }
            else if (parse.GetValue(mode) is not null) throw new ArgumentException("--mode goes with --layer");
            // The engine's local sweep samples every shard from the base distribution: it has no coordinator to keep
            // elites and exploit around them. An adaptive spec still runs (as its explore-only baseline), but says so.
            if (campaign.Search is { IsAdaptive: true } search)
                Console.Error.WriteLine($"warning: {Path.GetFileName(parse.GetValue(spec))} asks for adaptive search (search.explore_fraction {search.ExploreFraction.ToString(CultureInfo.InvariantCulture)}), " +
                    "but `noken sweep` runs explore-only: every shard samples the base distribution and no elites are exploited. " +
                    "Run it with `noken run` (in-process silo, same output layout) for the adaptive search.");
            // The judge's endpoint is checked before any work, like the rest of the spec.
            var judge = campaign.Judge is { } settings
                ? LlmJudge.Create(JudgeOptions.FromEnvironment() with { MaxConcurrency = settings.MaxConcurrency })
                : null;
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(campaign.Name)}[/]: {campaign.TotalNokens:N0} nokens × {campaign.Prompts.Count} prompt(s) on {Markup.Escape(campaign.Model)} → {Markup.Escape(campaign.Output)}");
            var summary = CampaignProgress.Show(campaign.TotalNokens, report => new LocalSweep(campaign).Run(p =>
            {
                var labels = string.Join(" ", p.Labels.OrderByDescending(l => l.Value).Take(4).Select(l => $"{l.Key}:{l.Value}"));
                report(p.NokensDone, $"{p.NokensDone:N0}/{p.NokensTotal:N0} nokens, {p.NokensPerSecond:F1}/s" +
                    (p.ShardsResumed > 0 ? $", {p.ShardsResumed} shard(s) resumed" : "") + $"  {labels}");
            }));
            Render(summary);
            if (judge is not null) RenderJudged(SweepJudging.RunAsync(campaign, judge).GetAwaiter().GetResult());
            AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.Combine(campaign.Output, LocalSweep.ShardsFolder))}/*.parquet, summary: {Markup.Escape(Path.Combine(campaign.Output, "summary.json"))}");
            return 0;
        }));
        return command;
    }

    internal static void Render(SweepSummary summary)
    {
        if (summary.OutcomesByStrategy.Count > 0) AnsiConsole.Write(Outcomes(summary));
        AnsiConsole.Write(Distribution("behaviour per strategy (top label, % of pairs)", "strategy", summary.ByStrategy, summary.Labels));
        if (summary.ByDistance.Count > 1)
            AnsiConsole.Write(Distribution("behaviour by tokens added between the noken and the rest of the prompt", "added", summary.ByDistance, summary.Labels));
        var planted = new Table().Title("[bold]how often each behaviour fired: nokens vs the control[/]").AddColumns("prompt", "tokens after", "label", "with nokens", "control");
        foreach (var rate in summary.Planted.Where(r => r.Fired > 0 || r.ControlFired))
            planted.AddRow(Markup.Escape(rate.Prompt), rate.TokensAfter.ToString(CultureInfo.InvariantCulture), rate.Label, $"{rate.Fired}/{rate.Pairs} ({rate.Rate:P1})", rate.ControlFired ? "fired" : "no");
        AnsiConsole.Write(planted);
    }

    static void RenderJudged(IReadOnlyList<JudgedPair> judged)
    {
        var table = new Table().Title($"[bold]LLM judge on {judged.Count} shortlisted pairs[/]").AddColumns("judge says", "pairs", "agrees with the detectors' top label");
        foreach (var group in judged.GroupBy(j => j.Verdict.Outcome == JudgeOutcome.Judged ? j.Verdict.Label : j.Verdict.Outcome.ToString().ToLowerInvariant()))
            table.AddRow(Markup.Escape(group.Key), group.Count().ToString(CultureInfo.InvariantCulture),
                group.Count(j => j.Verdict.Outcome == JudgeOutcome.Judged && j.Verdict.Label == j.TopLabel).ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    /// <summary>Ground-truth outcome classes per strategy (% of pairs), with each class's distinct replies beneath:
    /// what a hit is, and how many different things the nokens actually made the model say.</summary>
    static Table Outcomes(SweepSummary summary)
    {
        var classes = Engine.Outcomes.OutcomeClass.InDisplayOrder(summary.OutcomesByStrategy.Values.SelectMany(c => c.Keys));
        var strategies = summary.OutcomesByStrategy.Keys.Order(StringComparer.Ordinal).ToList();
        string Cell(int row, int column) => row < strategies.Count
            ? Percent(summary.OutcomesByStrategy[strategies[row]], classes[column])
            : summary.DistinctReplies.GetValueOrDefault(classes[column]).ToString(CultureInfo.InvariantCulture);
        return new FittedMatrix("ground-truth outcome per strategy (% of pairs; swap and unchanged are harmless)", "strategy",
            [.. strategies, "distinct replies"], classes, Cell).Build();
    }

    static Table Distribution(string title, string rowName, IReadOnlyDictionary<string, Dictionary<string, int>> rows, IReadOnlyList<string> labels)
    {
        var columns = labels.Prepend("none").Where(l => rows.Values.Any(r => r.ContainsKey(l))).ToList();
        var names = rows.Keys.Order(StringComparer.Ordinal).ToList();
        return new FittedMatrix(title, rowName, names, columns, (r, c) => Percent(rows[names[r]], columns[c])).Build();
    }

    /// <summary>A count as a share of its row, "66.7%": the title says what of.</summary>
    static string Percent(IReadOnlyDictionary<string, int> counts, string key) =>
        (100.0 * counts.GetValueOrDefault(key) / counts.Values.Sum()).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
