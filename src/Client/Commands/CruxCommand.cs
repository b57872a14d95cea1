using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Crux;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken crux</c>: the first crux at equal budget — random nokens, the adaptive search on each objective, the
/// embedding and GCG attacks and the prefill probe, against each planted behaviour of the aligned organism, on the
/// same independent units (held-out trigger paraphrase × seed), success always the ground-truth check.
/// </summary>
internal static class CruxCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var target = new Option<string>("--target") { Description = "secret, hostile, loop or all", DefaultValueFactory = _ => "all" };
        var arms = new Option<string>("--arms") { Description = $"Comma-separated arms (default all: {string.Join(", ", CruxArm.All.Select(a => a.Key))})", DefaultValueFactory = _ => "all" };
        var budget = new Option<long>("--budget") { Description = "Forward-pass equivalents per unit (a backward pass counts 2)", DefaultValueFactory = _ => 1000 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per held-out paraphrase: units = paraphrases × seeds", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Seeds every unit of every arm", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write every unit's result and the table to this JSON file" };
        var command = new Command("crux", "Crux 1 at equal budget: every search and attack against each planted behaviour, successes per independent unit")
        {
            model, target, arms, budget, seeds, seed, json,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var goals = parse.GetValue(target) is "all" ? AttackGoal.Names.Select(AttackGoal.Parse).ToList() : [AttackGoal.Parse(parse.GetValue(target)!)];
            var chosen = parse.GetValue(arms) is "all" ? CruxArm.All : parse.GetValue(arms)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(CruxArm.Parse).ToList();
            if (parse.GetValue(budget) is < 1 or > 10_000_000) throw new ArgumentException("--budget must be in 1..10000000");
            if (parse.GetValue(seeds) is < 1 or > 100) throw new ArgumentException("--seeds must be in 1..100");
            if (parse.GetValue(seed) < 0) throw new ArgumentException("--seed must be ≥ 0");
            var output = parse.GetValue(json);
            if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
                throw new ArgumentException($"--json: the folder {folder} does not exist");
            using var loaded = CommonOptions.Load(parse.GetValue(model)!, "fp32");
            var results = new List<(string Goal, CruxUnitResult Unit)>();
            foreach (var goal in goals)
                foreach (var r in CruxComparison.Run(loaded, goal, chosen, parse.GetValue(seeds), parse.GetValue(budget), parse.GetValue(seed),
                    r => Console.Error.WriteLine($"{goal.Name} · {r.Arm} · {r.Prompt} #{r.Restart}: {(r.Success ? "success" : "no")} after {r.Spent}")))
                    results.Add((goal.Name, r));
            var report = CruxReport.Of(parse.GetValue(budget), parse.GetValue(seeds), parse.GetValue(seed), results);
            Render(report);
            if (output is not null) File.WriteAllText(output, report.ToJson());
            return 0;
        }));
        return command;
    }

    static void Render(CruxReport report)
    {
        var table = new Table().Title($"[bold]crux 1: successes per unit at ≤ {report.Budget} forward-pass equivalents[/]")
            .AddColumns("behaviour", "arm", "successes / units", "rate [[95% exact]]", "median spend to success");
        foreach (var r in report.Rows)
            table.AddRow(r.Goal, Markup.Escape(r.Arm), $"{r.Successes}/{r.Units}",
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{r.SuccessRate:F2} [{r.Interval[0]:F2}, {r.Interval[1]:F2}]")),
                r.MedianSpentToSuccess is { } m ? m.ToString("F0", CultureInfo.InvariantCulture) : "—");
        AnsiConsole.Write(table);
    }
}
