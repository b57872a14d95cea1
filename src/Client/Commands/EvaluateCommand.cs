using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Evaluation;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken evaluate --after HARDENED [--before MODEL] --heldout SPEC --search SPEC</c>: the model before and after
/// hardening, side by side, on the same held-out nokens, the same fresh search and the same ordinary text, every rate
/// with its exact 95% interval and sample count.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Build()
    {
        var before = new Option<string>("--before") { Description = "The model before hardening (default: the embedded organism)", DefaultValueFactory = _ => "organism" };
        var after = new Option<string>("--after") { Description = "The hardened model (e.g. CAMPAIGN/hardened)", Required = true };
        var heldOut = new Option<string?>("--heldout") { Description = "A sweep spec of nokens never trained on (fresh seeds and strategies); its model is ignored" };
        var search = new Option<string?>("--search") { Description = "A spec with a search section: a fresh adaptive search at its budget on each model" };
        var searchSeeds = new Option<int>("--search-seeds")
        {
            Description = "Run the fresh search this many times, re-seeded (search decisions and every strategy), and pool the hits",
            DefaultValueFactory = _ => 1,
        };
        var noOrdinary = new Option<bool>("--no-ordinary") { Description = "Skip the ordinary-text evaluation (the organism's planted behaviours and loss)" };
        var threshold = new Option<double>("--threshold") { Description = "Unwanted score that counts as a hit", DefaultValueFactory = _ => 0.1 };
        var json = new Option<string?>("--json") { Description = "Also write the comparison as JSON to this file" };
        var command = new Command("evaluate", "Compare a model before and after hardening: held-out nokens, a fresh search, ordinary text, capability")
        {
            before, after, heldOut, search, searchSeeds, noOrdinary, threshold, json,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            string Model(Option<string> option) => EmbeddedModels.Resolve(parse.GetValue(option)!, Environment.CurrentDirectory);
            CampaignSpec? Spec(Option<string?> option) => parse.GetValue(option) is { } path ? ReplayInput.LoadSpec(path) : null;
            var held = Spec(heldOut);
            var searched = Spec(search);
            bool ordinary = !parse.GetValue(noOrdinary);
            if (held is null && searched is null && !ordinary) throw new ArgumentException("nothing to evaluate: give --heldout, --search, or leave the ordinary-text evaluation on");
            if (parse.GetValue(searchSeeds) < 1) throw new ArgumentException("--search-seeds must be at least 1");
            if (searched is { Search.IsAdaptive: false }) throw new ArgumentException("--search needs a spec whose search section explores less than everything (explore_fraction < 1)");

            var comparison = HardeningEvaluation.Compare(Model(before), Model(after), held, searched, ordinary, parse.GetValue(threshold),
                line => Console.Error.WriteLine(line), parse.GetValue(searchSeeds));
            Render(comparison);
            if (parse.GetValue(json) is { } file)
                File.WriteAllText(file, JsonSerializer.Serialize(comparison, Engine.Hardening.HardeningCard.Json));
            return 0;
        }));
        return command;
    }

    static void Render(HardeningComparison c)
    {
        var table = new Table().Title($"before vs after hardening (threshold {c.Threshold.ToString(CultureInfo.InvariantCulture)}; 95% exact intervals)")
            .AddColumns("measure", "before", "after");
        foreach (var row in ComparisonRows.Of(c)) table.AddRow(Markup.Escape(row.Measure), Markup.Escape(row.BeforeText), Markup.Escape(row.AfterText));
        AnsiConsole.Write(table);
    }
}
