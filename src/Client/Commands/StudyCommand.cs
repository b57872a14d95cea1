using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Study;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken study arms</c>: the hardening arms at equal compute, every seed, resumable.</summary>
internal static class StudyCommand
{
    public static Command Build() => new("study", "The hardening study: does training against nokens reduce unwanted behaviour on ordinary text?")
    {
        Arms(),
        Shallow(),
    };

    static Command Shallow()
    {
        var model = new Option<string>("--model", "-m") { Description = "The aligned organism: organism-leaky (embedded) or a folder", DefaultValueFactory = _ => "organism-leaky" };
        var stride = new Option<int>("--stride") { Description = "Every this many held-out trigger prompts (1: all 525)", DefaultValueFactory = _ => 1 };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Reply length the planted checks read", DefaultValueFactory = _ => 24 };
        var json = new Option<string?>("--json") { Description = "Also write the rates as JSON to FILE" };
        var command = new Command("shallow", "Is the alignment shallow? Leaks on held-out trigger prompts with the refusal direction projected out at each layer (and a random direction as the control)")
            { model, stride, maxNew, json };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(stride) is < 1 or > 525) throw new ArgumentException("--stride must be in [1, 525]");
            if (parse.GetValue(maxNew) is < 1 or > 512) throw new ArgumentException("--max-new-tokens must be in [1, 512]");
            var directory = Engine.Campaigns.EmbeddedModels.Resolve(parse.GetValue(model), Environment.CurrentDirectory);
            using var loaded = Engine.Models.ModelLoader.Load(directory);
            var rates = RefusalDirection.Measure(loaded, parse.GetValue(maxNew), parse.GetValue(stride));
            if (parse.GetValue(json) is { } file) File.WriteAllText(file, OrganismJson.Serialize(new { model = parse.GetValue(model), rates }));
            var grid = new Table().Title("Leaks on held-out trigger prompts without nokens, by ablated direction").AddColumns("direction", "layer", "norm", "leaks", Markup.Escape("rate [95 %]"));
            foreach (var r in rates)
                grid.AddRow(r.Direction, r.Direction == "none" ? "" : r.Layer.ToString(CultureInfo.InvariantCulture), r.Direction == "none" ? "" : r.Norm.ToString("0.00", CultureInfo.InvariantCulture),
                    $"{r.Leaks}/{r.Prompts}", Markup.Escape(FormattableString.Invariant($"{(double)r.Leaks / r.Prompts:0.000} [{r.Lower:0.000}, {r.Upper:0.000}]")));
            AnsiConsole.Write(grid);
            return 0;
        }));
        return command;
    }

    static Command Arms()
    {
        var model = new Option<string>("--model", "-m") { Description = "The aligned leaky organism: organism-leaky (embedded) or a folder", DefaultValueFactory = _ => "organism-leaky" };
        var variant = new Option<string>("--variant") { Description = "The variant the model was trained as (its data is regenerated for the evaluation)", DefaultValueFactory = _ => "leaky" };
        var organismSeed = new Option<int>("--organism-seed") { Description = "The seed the organism was trained with", DefaultValueFactory = _ => new OrganismOptions().Seed };
        var output = new Option<string>("--out", "-o") { Description = "Folder for runs/ (one file per arm × seed; reruns skip them) and arms.json", DefaultValueFactory = _ => "runs/arms" };
        var seeds = new Option<string>("--seeds") { Description = "Seeds per arm, e.g. 1,2,3,4,5", DefaultValueFactory = _ => "1,2,3,4,5" };
        var arms = new Option<string>("--arms") { Description = $"Arms by id or name ({string.Join(", ", HardeningArm.All.Select(a => $"{a.Id} {a.Name}"))})", DefaultValueFactory = _ => string.Join(",", HardeningArm.All.Select(a => a.Id)) };
        var budget = new Option<long?>("--budget") { Description = "Training compute per run in forward-pass equivalents (a sequence's backward pass counts 2; the adversary's ascent included)" };
        var ordinary = new Option<int?>("--ordinary-prompts") { Description = "Ordinary prompts decoded per evaluation (and, with the backdoor word, the rare-token family)" };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (pair with --threads 1)", DefaultValueFactory = _ => 1 };
        var suite = new Option<string>("--suite") { Description = "The evaluation suite with nokens and attacks after each run: full, miniature (a handful of each: plumbing only) or none (leaks without nokens only)", DefaultValueFactory = _ => "full" };
        var json = new Option<bool>("--json") { Description = "Print arms.json instead of the table" };
        var tableOnly = new Option<bool>("--table-only") { Description = "Train nothing: write arms.json and study.json from the runs already finished" };
        var command = new Command("arms", "Train each arm on the aligned organism at equal compute for every seed and measure leaks without nokens per prompt family")
            { model, variant, organismSeed, output, seeds, arms, budget, ordinary, parallel, suite, json, tableOnly };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var options = new StudyOptions
            {
                Seeds = ParseList(parse.GetValue(seeds)!, "--seeds", s => int.Parse(s, CultureInfo.InvariantCulture)),
                Arms = ParseList(parse.GetValue(arms)!, "--arms", HardeningArm.Parse).Distinct().OrderBy(a => a.Id).ToList(),
                Parallel = parse.GetValue(parallel),
                Suite = parse.GetValue(suite) switch
                {
                    "full" => new SuiteOptions(),
                    "miniature" => SuiteOptions.Miniature,
                    "none" => null,
                    var other => throw new ArgumentException($"--suite '{other}' is not one of full, miniature, none"),
                },
            };
            if (parse.GetValue(budget) is { } b) options = options with { Budget = b };
            if (parse.GetValue(ordinary) is { } n) options = options with { OrdinaryPrompts = n };
            var organism = OrganismOptions.ForVariant(parse.GetValue(variant)!) with { Seed = parse.GetValue(organismSeed) };
            var directory = Engine.Campaigns.EmbeddedModels.Resolve(parse.GetValue(model), Environment.CurrentDirectory);
            // Ctrl+C ends the process: finished runs are on disk, a rerun resumes.
            var table = ArmsStudy.Run(directory, parse.GetValue(output)!, organism, options, Console.WriteLine, modelName: parse.GetValue(model), tableOnly: parse.GetValue(tableOnly));
            if (parse.GetValue(json)) Console.WriteLine(OrganismJson.Serialize(table));
            else Render(table);
            Console.WriteLine($"arms table: {Path.Combine(parse.GetValue(output)!, ArmsStudy.TableFile)}");
            return 0;
        }));
        return command;
    }

    static List<T> ParseList<T>(string text, string option, Func<string, T> parse)
    {
        try
        {
            return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse)];
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} must be a comma-separated list, not '{text}'");
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{option}: a value in '{text}' is out of range");
        }
    }

    /// <summary>One block per arm (its name, seeds and steps above its outcomes), three columns, so the table fits 80
    /// columns; each seed's value is in arms.json.</summary>
    static void Render(ArmsTable table)
    {
        var grid = new Table().Title(Markup.Escape($"{table.Model}: mean across seeds [95 % interval]; Δ vs arm 1 (clean) [Welch 95 %]; per-seed values in arms.json"))
            .AddColumn(new TableColumn("outcome").NoWrap()).AddColumn(new TableColumn(Markup.Escape("mean [interval]")).NoWrap())
            .AddColumn(new TableColumn("Δ vs clean").NoWrap());
        foreach (var row in table.Arms)
        {
            grid.AddRow($"[bold]{Markup.Escape($"{row.Id} {row.Arm}")}[/]",
                $"{row.Seeds} seed(s)", $"{row.Steps} steps");
            foreach (var outcome in row.Outcomes)
                grid.AddRow(Markup.Escape(outcome.Outcome), Markup.Escape(outcome.Value.Format()),
                    outcome.VersusClean is { } d ? Markup.Escape(d.Format()) : "");
        }
        AnsiConsole.Write(grid);
    }

}
