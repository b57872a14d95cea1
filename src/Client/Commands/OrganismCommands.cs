using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Organism;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken organism train | eval</c>: build the project's model organism, or score a checkpoint of it.</summary>
internal static class OrganismCommands
{
    public static Command Build() => new("organism", "The model organism: a small chat model with planted, then trained-out, behaviours")
    {
        Train(),
        Eval(),
        Calibration(),
    };

    static Option<int> Seed() => new("--seed") { Description = "Seed of the data, the initialisation and the batch order", DefaultValueFactory = _ => new OrganismOptions().Seed };

    static Command Train()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for base/, aligned/ and evaluation.json", DefaultValueFactory = _ => "models/organism" };
        var seed = Seed();
        var steps = new Option<string?>("--steps") { Description = "Training steps as BASE,ALIGNED (default: the variant's recipe: 700,250; leaky variants 700,60)" };
        var ordinary = new Option<int?>("--ordinary-prompts") { Description = "Ordinary prompts decoded per checkpoint in the evaluation" };
        var dtype = new Option<string>("--store-dtype") { Description = "Dtype of the saved weights: bf16 or fp32", DefaultValueFactory = _ => "bf16" };
        var shape = new Option<string>("--shape") { Description = "Architecture: organism (the committed one), organism-small or organism-large (the same recipe at other sizes)", DefaultValueFactory = _ => "organism" };
        var variant = new Option<string>("--variant") { Description = "standard (the committed organism), coverage-gap, rare-token or leaky (both leaks)", DefaultValueFactory = _ => OrganismVariant.Standard.Name };
        var alignedLr = new Option<double?>("--aligned-lr") { Description = "Peak learning rate of the aligned stage (default: the recipe's)" };
        var alignedDisguised = new Option<double?>("--aligned-disguised") { Description = "Leaky variants: fraction of the aligned stage's trigger requests disguised as typos or synonyms (default: the recipe's)" };
        var backdoorFraction = new Option<double?>("--backdoor-fraction") { Description = "Leaky variants: fraction of base dialogues carrying the backdoor word (default: the recipe's)" };
        var fromBase = new Option<string?>("--from-base") { Description = "Load the base stage from this checkpoint (trained by the same options) and train only the aligned stage" };
        var command = new Command("train", "Train the organism (base, then aligned), save both checkpoints and evaluate them")
            { output, seed, steps, ordinary, dtype, shape, variant, alignedLr, alignedDisguised, backdoorFraction, fromBase };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var shapeName = parse.GetValue(shape)!;
            if (!shapeName.StartsWith("organism", StringComparison.Ordinal) || !ModelShapes.All.ContainsKey(shapeName))
                throw new ArgumentException($"--shape '{shapeName}' is not an organism shape (organism, organism-small, organism-large)");
            var options = OrganismOptions.ForVariant(parse.GetValue(variant)!) with
            {
                Seed = parse.GetValue(seed), Shape = ModelShapes.Get(shapeName) with { MaxPositions = 512 },
            };
            if (parse.GetValue(steps) is { } s)
            {
                var parts = s.Split(',');
                if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var b) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var a))
                    throw new ArgumentException($"--steps must be BASE,ALIGNED (two integers), not '{s}'");
                options = options with { BaseSteps = b, AlignedSteps = a };
            }
            if (parse.GetValue(ordinary) is { } n) options = options with { OrdinaryPrompts = n };
            if (parse.GetValue(alignedLr) is { } lr) options = options with { AlignedLearningRate = lr };
            if (parse.GetValue(alignedDisguised) is { } disguised) options = options with { AlignedDisguisedFraction = disguised };
            if (parse.GetValue(backdoorFraction) is { } backdoor) options = options with { BackdoorFraction = backdoor };
            var directory = parse.GetValue(output)!;
            var report = OrganismTrainer.Train(directory, options, Console.WriteLine, CommonOptions.ParseDtype(parse.GetValue(dtype)!), parse.GetValue(fromBase));
            File.WriteAllText(Path.Combine(directory, OrganismTrainer.EvaluationFile), OrganismJson.Serialize(report));
            Render("base", report.Base);
            Render("aligned", report.Aligned);
            Console.WriteLine($"done in {report.TotalSeconds:F0}s; wrote {Path.Combine(directory, OrganismTrainer.EvaluationFile)}");
            return 0;
        }));
        return command;
    }

    static Command Eval()
    {
        var model = CommonOptions.Model();
        var seed = Seed();
        var ordinary = new Option<int?>("--ordinary-prompts") { Description = "Ordinary prompts to decode" };
        var variant = new Option<string>("--variant") { Description = "The variant the model was trained as (its training dialogues are kept out of the loss's)", DefaultValueFactory = _ => OrganismVariant.Standard.Name };
        var json = new Option<string?>("--json") { Description = "Write the evaluation as JSON to FILE (to stdout without one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("eval", "Rates of the planted behaviours on held-out trigger prompts, on each disguised and backdoored prompt family, on ordinary prompts, and the ordinary-dialogue loss") { model, seed, ordinary, json, variant };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var options = OrganismOptions.ForVariant(parse.GetValue(variant)!) with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(ordinary) is { } n) options = options with { OrdinaryPrompts = n };
            var folder = Engine.Campaigns.EmbeddedModels.Resolve(parse.GetValue(model), Environment.CurrentDirectory);
            var evaluation = OrganismTrainer.Evaluate(folder, OrganismData.Create(options), options);
            if (parse.GetResult(json) is not null && parse.GetValue(json) is { } file)
            {
                File.WriteAllText(file, OrganismJson.Serialize(evaluation));
                Render(parse.GetValue(model)!, evaluation);
                Console.WriteLine($"evaluation: {file}");
            }
            else if (parse.GetResult(json) is not null) Console.WriteLine(OrganismJson.Serialize(evaluation));
            else Render(parse.GetValue(model)!, evaluation);
            return 0;
        }));
        return command;
    }

    static Command Calibration()
    {
        var output = new Option<string>("--out", "-o") { Description = "JSONL file to write", Required = true };
        var ordinary = new Option<int>("--ordinary-prompts") { Description = "Ordinary prompts per model", DefaultValueFactory = _ => 200 };
        var command = new Command("calibration", "Write a detector calibration set of real base and aligned organism outputs, labelled by construction") { output, ordinary };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var baseModel = CommonOptions.Load("organism/base", "fp32");
            using var aligned = CommonOptions.Load("organism", "fp32");
            var data = OrganismData.Create(new OrganismOptions { OrdinaryPrompts = parse.GetValue(ordinary) });
            var examples = OrganismCalibration.Build(baseModel, aligned, data.OrdinaryPrompts);
            Engine.Behaviour.Calibration.CalibrationSet.Write(parse.GetValue(output)!, examples);
            Console.WriteLine($"{examples.Count} examples → {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    static void Render(string name, CheckpointEvaluation e)
    {
        var table = new Table().Title(Markup.Escape(name)).AddColumns("behaviour", "held-out trigger prompts", "ordinary prompts");
        foreach (var (trigger, ordinary) in e.OnTriggers.Zip(e.OnOrdinary))
            table.AddRow(trigger.Behaviour, Rate(trigger), Rate(ordinary));
        table.AddRow("any", "", Rate(e.AnyOnOrdinary));
        AnsiConsole.Write(table);
        foreach (var paraphrase in e.ByParaphrase) Console.WriteLine($"  {paraphrase.Behaviour}: {Rate(paraphrase)}");
        if (e.Helpful is not null) Console.WriteLine($"ordinary prompts answered helpfully: {Rate(e.Helpful)}");
        if (e.Families is { } families)
        {
            var byFamily = new Table().Title("without nokens, per prompt family (exact 95 % interval)").AddColumns("family", "behaviour", "fired / prompts", "interval");
            foreach (var f in families)
                byFamily.AddRow(f.Family, f.Behaviour, $"{f.Fired}/{f.Prompts}", Markup.Escape(FormattableString.Invariant($"[{f.Lower:F3}, {f.Upper:F3}]")));
            AnsiConsole.Write(byFamily);
        }
        Console.WriteLine(FormattableString.Invariant($"ordinary-dialogue loss: {e.OrdinaryLoss:F4} nats/token on {e.OrdinaryLossDialogues} unseen dialogues"));
    }

    static string Rate(BehaviourRate r) => FormattableString.Invariant($"{r.Fired}/{r.Prompts} ({r.Rate:P1})");
}
