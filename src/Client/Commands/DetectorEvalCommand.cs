using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Behaviour.Calibration;
using Orleans.Noken.Engine.Models;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken detectors eval</c>: precision and recall per class of a detector suite on a labelled calibration set
/// (default: the hand-written set shipped in the engine). Gibberish needs a model and is reported as skipped without.
/// </summary>
internal static class DetectorEvalCommand
{
    public static Command Build()
    {
        var set = new Option<string?>("--set") { Description = $"A calibration set (JSONL); default: the embedded {CalibrationSet.DefaultName}" };
        var config = new Option<string?>("--config") { Description = "A detector suite (JSON, as printed by `noken detectors config`); default: the organism's" };
        var model = CommonOptions.OptionalModel("A clean model for the gibberish detector (without it, gibberish is skipped)");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var misses = new Option<bool>("--misses") { Description = "List every disagreement with the labels" };
        var command = new Command("eval", "Precision and recall of the detectors per class on a labelled set") { set, config, model, json, misses };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var examples = parse.GetValue(set) is { } path ? CalibrationSet.Load(path) : CalibrationSet.LoadDefault();
            var suiteConfig = parse.GetValue(config) is { } configPath
                ? DetectorSuiteConfig.FromJson(File.Exists(configPath) ? File.ReadAllText(configPath) : throw new FileNotFoundException($"{configPath}: detector config does not exist"))
                : DetectorSuiteConfig.Organism;
            using var loaded = parse.GetValue(model) is { } directory ? CommonOptions.Load(directory, "fp32") : null;
            var suite = DetectorSuite.Create(suiteConfig, loaded is null ? DetectorServices.None : DetectorServices.Of(loaded));
            var report = CalibrationReport.Evaluate(suite, examples, loaded?.Tokenizer);
            if (parse.GetValue(json)) Console.WriteLine(ToJson(report, parse.GetValue(set) ?? CalibrationSet.DefaultName, parse.GetValue(misses)));
            else Render(report, parse.GetValue(misses));
            return 0;
        }));
        return command;
    }

    static string ToJson(CalibrationReport report, string set, bool withMisses) => JsonSerializer.Serialize(new
    {
        set,
        examples = report.Examples,
        classes = report.Classes.Select(c => new
        {
            label = c.Label, support = c.Support, predicted = c.Predicted, truePositives = c.TruePositives,
            falsePositives = c.FalsePositives, falseNegatives = c.FalseNegatives, precision = c.Precision, recall = c.Recall,
        }),
        skipped = report.Skipped.Select(s => new { label = s.Label, reason = s.Reason }),
        misses = withMisses ? report.Misses : null,
    }, new JsonSerializerOptions { WriteIndented = true }); // nulls stay: a precision of null (never fired) is information

    static string Ratio(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "—";

    static void Render(CalibrationReport report, bool withMisses)
    {
        var table = new Table().Title($"[bold]detectors on {report.Examples} labelled examples[/]")
            .AddColumns("class", "support", "fired", "TP", "FP", "FN", "precision", "recall");
        foreach (var c in report.Classes)
            table.AddRow(Markup.Escape(c.Label), $"{c.Support}", $"{c.Predicted}", $"{c.TruePositives}", $"{c.FalsePositives}", $"{c.FalseNegatives}", Ratio(c.Precision), Ratio(c.Recall));
        foreach (var s in report.Skipped)
            table.AddRow(Markup.Escape(s.Label), "", "", "", "", "", $"[grey]skipped: {Markup.Escape(s.Reason)}[/]", "");
        AnsiConsole.Write(table);
        if (!withMisses) return;
        foreach (var m in report.Misses)
            AnsiConsole.MarkupLine($"[yellow]#{m.Index}[/] {Markup.Escape(m.Label)} {(m.Expected ? "missed" : "false alarm")} " +
                $"(score {m.Score:F2}: {Markup.Escape(m.Evidence)}) {Markup.Escape(JsonSerializer.Serialize(m.Text))}");
    }
}
