using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Attacks;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken attack</c>: optimise for a planted behaviour directly — an embedding attack (free vectors in the noken
/// slot), a GCG text attack (real tokens), or the prefill probe — on every held-out trigger paraphrase and benign
/// prompt, and report successes per independent unit. Success is the ground-truth check on the greedy reply through
/// the sweep path, never the optimiser's own loss.
/// </summary>
internal static class AttackCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var dtype = CommonOptions.Dtype();
        var target = new Option<string>("--target") { Description = "The planted behaviour: secret, hostile or loop", Required = true };
        var method = new Option<string>("--method") { Description = "embedding, gcg or prefill", Required = true };
        var constraint = new Option<string>("--constraint") { Description = "Embedding attack: shell (the real tokens' norm range) or none", DefaultValueFactory = _ => "shell" };
        var nokens = new Option<int>("--nokens", "-k") { Description = $"K vectors (embedding) or tokens (gcg) in the slot, 1..{AttackOptions.MaxNokens}", DefaultValueFactory = _ => 1 };
        var restarts = new Option<int>("--restarts") { Description = "Independent restarts per prompt", DefaultValueFactory = _ => 2 };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps per unit at most", DefaultValueFactory = _ => 200 };
        var seed = new Option<long>("--seed") { Description = "Seeds every unit (same seed, same vectors)", DefaultValueFactory = _ => 0 };
        var checkEvery = new Option<int>("--check-every") { Description = "Greedy-decode and check the ground truth every this many steps", DefaultValueFactory = _ => 10 };
        var learningRate = new Option<double>("--lr") { Description = "Embedding attack: Adam's step relative to a token's norm / √D", DefaultValueFactory = _ => 0.1 };
        var candidates = new Option<int>("--candidates") { Description = "GCG: substitutions scored per step", DefaultValueFactory = _ => 64 };
        var topK = new Option<int>("--top-k") { Description = "GCG: candidate tokens per position", DefaultValueFactory = _ => 32 };
        var json = new Option<string?>("--json") { Description = "Write the report (every unit, with what it found) to this JSON file" };
        var command = new Command("attack", "Attack a planted behaviour of the organism: embedding, GCG text or prefill, successes per independent unit")
        {
            model, dtype, target, method, constraint, nokens, restarts, steps, seed, checkEvery, learningRate, candidates, topK, json,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var goal = AttackGoal.Parse(parse.GetValue(target)!);
            var options = new AttackOptions(
                AttackMethods.TryParse(parse.GetValue(method)!, out var m) ? m
                    : throw new ArgumentException($"--method must be embedding, gcg or prefill, not '{parse.GetValue(method)}'"),
                AttackMethods.TryParseConstraint(parse.GetValue(constraint)!, out var c) ? c
                    : throw new ArgumentException($"--constraint must be shell or none, not '{parse.GetValue(constraint)}'"),
                parse.GetValue(nokens), parse.GetValue(restarts), parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(checkEvery),
                parse.GetValue(learningRate), parse.GetValue(topK), parse.GetValue(candidates));
            options.Validate();
            var output = parse.GetValue(json);
            if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
                throw new ArgumentException($"--json: the folder {folder} does not exist");

            using var loaded = CommonOptions.Load(parse.GetValue(model)!, parse.GetValue(dtype)!);
            Console.WriteLine($"attack {options.MethodName} on {goal.Name}, model {loaded.Directory}");
            var report = AttackRun.Execute(loaded, goal, options, unit => Console.WriteLine(
                $"  unit {unit.Index,3} [{unit.Kind}] {(unit.Success ? "SUCCESS" : "no     ")} step {unit.Steps,5}  {Quote(unit.Prompt)} → {Quote(unit.Reply)}"));
            Print(report);
            if (output is not null)
            {
                File.WriteAllText(output, JsonSerializer.Serialize(report, AttackReport.Json));
                Console.WriteLine($"report: {output}");
            }
            return 0;
        }));
        return command;
    }

    internal static void Print(AttackReport report)
    {
        var table = new Table().AddColumns("prompts", "successes / units", "95% exact interval", "median steps to success");
        foreach (var (kind, tally) in report.ByKind.Append(new("all", new AttackTally(report.Units, report.Successes, report.SuccessRate, report.Interval, report.MedianStepsToSuccess))))
            table.AddRow(kind, $"{tally.Successes} / {tally.Units}", Markup.Escape($"[{F(tally.Interval[0])}, {F(tally.Interval[1])}]"),
                tally.MedianStepsToSuccess is { } m ? m.ToString("0", CultureInfo.InvariantCulture) : "—");
        AnsiConsole.Write(table);
        Console.WriteLine($"{report.ForwardPasses:N0} forward passes, {report.BackwardPasses:N0} backward passes (a greedy check counts as one forward pass)");
    }

    static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    static string Quote(string text) => $"\"{StatusView.Visible(text.Length > 60 ? text[..60] + "…" : text)}\"";
}
