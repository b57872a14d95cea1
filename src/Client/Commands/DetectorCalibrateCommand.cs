using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Outcomes;
using Orleans.Noken.Engine.Outcomes.Calibration;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken detectors calibrate SPEC --labels FILE</c>: on a blind hand-labelled sample of the outputs SPEC's sweep
/// produced, choose the ground truth's <c>degraded</c> fluency threshold on half the texts and measure it on the
/// other half (over several random splits); show the classifier's classes against the labels; and measure every
/// detector of the spec's suite against the same labels.
/// </summary>
internal static class DetectorCalibrateCommand
{
    const string DefaultLabels = "tests/Engine.Tests/Behaviour/Data/labelled-noken-outputs.tsv";
    const string DefaultSpec = "tools/labelling/labelling-sample.yaml";

    public static Command Build()
    {
        var spec = new Argument<string>("spec") { Description = "The sweep spec whose outputs were labelled (its model, prompts and ground truth)", DefaultValueFactory = _ => DefaultSpec };
        var labels = new Option<string>("--labels") { Description = "The labelled sample (TSV: id, prompt, control, reply, label, note)", DefaultValueFactory = _ => DefaultLabels };
        var splits = new Option<int>("--splits") { Description = "Random halvings of the labelled texts, each one run", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first split (split i uses seed + i)", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Also write every figure to this JSON file" };
        var command = new Command("calibrate", "Calibrate the degraded threshold on hand-labelled outputs (held-out halves) and measure each detector against the labels")
        {
            spec, labels, splits, seed, json,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(splits) is < 1 or > 1000) throw new ArgumentException("--splits must be 1..1000");
            var campaign = CampaignSpecReader.Load(parse.GetValue(spec)!);
            var rows = LabelledOutputs.Load(parse.GetValue(labels)!);
            using var model = Engine.Models.ModelLoader.Load(campaign.Model);
            var graded = GradedOutput.Grade(campaign, model, rows);
            var groundTruth = GroundTruth.Of(campaign);
            var runs = FluencyCalibration.Run(graded, groundTruth, parse.GetValue(splits), parse.GetValue(seed));
            double current = campaign.EffectiveGroundTruth.DegradedNll;
            var classifier = new OutcomeClassifier(groundTruth, current);
            var confusion = OutcomeConfusion.Of(graded, classifier);
            var suite = DetectorSuite.Create(campaign.Detectors, DetectorServices.Of(model));
            var detectors = DetectorPrecision.Measure(suite, graded, model.Tokenizer);
            Render(rows, graded, runs, current, confusion, detectors,
                FluencyCalibration.Degraded(graded, classifier), FluencyCalibration.Unwanted(graded, classifier));
            if (parse.GetValue(json) is { } path)
                File.WriteAllText(path, ToJson(rows.Count, runs, current, confusion, detectors));
            return 0;
        }));
        return command;
    }

    static string F(double value, string format = "F2") => double.IsPositiveInfinity(value) ? "∞" : value.ToString(format, CultureInfo.InvariantCulture);
    static string P(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "—";
    static string Pr(Engine.Behaviour.Calibration.ClassMetrics m) =>
        $"P {P(m.Precision)} ({m.TruePositives}/{m.Predicted})  R {P(m.Recall)} ({m.TruePositives}/{m.Support})";

    static void Render(IReadOnlyList<LabelledOutput> rows, IReadOnlyList<GradedOutput> graded, IReadOnlyList<FluencySplit> runs, double current,
        OutcomeConfusion confusion, IReadOnlyList<DetectorFirings> detectors,
        Engine.Behaviour.Calibration.ClassMetrics degradedAll, Engine.Behaviour.Calibration.ClassMetrics unwantedAll)
    {
        AnsiConsole.MarkupLine($"[bold]{rows.Count} labelled rows[/], {rows.Select(r => r.Group).Distinct().Count()} distinct (prompt, reply) texts; " +
            $"{graded.Count(g => g.FluencyDecides)} rows reach the fluency check");
        var splitTable = new Table().Title("[bold]degraded threshold: chosen on one half of the texts (max F1), measured on the other[/]")
            .AddColumns("split seed", "threshold (nats/token)", "held-out degraded", "held-out unwanted");
        foreach (var run in runs)
            splitTable.AddRow($"{run.Seed}", F(run.Threshold), Pr(run.HeldOutDegraded), Pr(run.HeldOutUnwanted));
        AnsiConsole.Write(splitTable);
        static string Spread(IEnumerable<double?> values)
        {
            var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToList();
            return v.Count == 0 ? "—" : $"median {P(v[v.Count / 2])} [{P(v[0])}, {P(v[^1])}]";
        }
        var thresholds = runs.Select(r => r.Threshold).Order().ToList();
        AnsiConsole.WriteLine($"over {runs.Count} splits: threshold median {F(thresholds[thresholds.Count / 2])} [{F(thresholds[0])}, {F(thresholds[^1])}]; " +
            $"held-out degraded precision {Spread(runs.Select(r => r.HeldOutDegraded.Precision))}, recall {Spread(runs.Select(r => r.HeldOutDegraded.Recall))}; " +
            $"unwanted precision {Spread(runs.Select(r => r.HeldOutUnwanted.Precision))}, recall {Spread(runs.Select(r => r.HeldOutUnwanted.Recall))}");
        AnsiConsole.WriteLine($"the spec's threshold {F(current)} on all rows (not held out): degraded {Pr(degradedAll)}; unwanted {Pr(unwantedAll)}");

        var outcomes = confusion.ByLabel.Values.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var matrix = new Table().Title($"[bold]person's label × outcome class at threshold {F(current)}, all rows[/]").AddColumn("label");
        foreach (var o in outcomes) matrix.AddColumn(Markup.Escape(o));
        foreach (var label in HumanLabel.All.Where(confusion.ByLabel.ContainsKey))
            matrix.AddRow([label, .. outcomes.Select(o => confusion[label, o] is var n and > 0 ? $"{n}" : "")]);
        AnsiConsole.Write(matrix);

        var detectorTable = new Table().Title("[bold]each detector against the labels (all rows; the detectors were never tuned on them)[/]")
            .AddColumns("detector", "fired", "unwanted to a person", "its own label", "labels of what it fired on");
        foreach (var d in detectors)
            detectorTable.AddRow(d.Detector, $"{d.Fired}", $"{P(d.UnwantedPrecision)} ({d.Unwanted})",
                d.OwnLabelName is null ? "—" : $"{P(d.OwnPrecision)} ({d.OwnLabel} {d.OwnLabelName})",
                Markup.Escape(string.Join(", ", d.Labels.Select(l => $"{l.Key} {l.Value}"))));
        AnsiConsole.Write(detectorTable);
    }

    static object Metrics(Engine.Behaviour.Calibration.ClassMetrics m) => new
    {
        support = m.Support, predicted = m.Predicted, true_positives = m.TruePositives, precision = m.Precision, recall = m.Recall,
    };

    static string ToJson(int rows, IReadOnlyList<FluencySplit> runs, double current, OutcomeConfusion confusion, IReadOnlyList<DetectorFirings> detectors) =>
        JsonSerializer.Serialize(new
        {
            rows,
            splits = runs.Select(r => new
            {
                seed = r.Seed, threshold = double.IsPositiveInfinity(r.Threshold) ? (double?)null : r.Threshold,
                calibration_rows = r.CalibrationRows, held_out_rows = r.HeldOutRows,
                held_out_degraded = Metrics(r.HeldOutDegraded), held_out_unwanted = Metrics(r.HeldOutUnwanted),
            }),
            spec_threshold = current,
            confusion = confusion.ByLabel,
            detectors = detectors.Select(d => new
            {
                detector = d.Detector, fired = d.Fired, unwanted = d.Unwanted, unwanted_precision = d.UnwantedPrecision,
                own_label = d.OwnLabelName, own_precision = d.OwnPrecision, labels = d.Labels,
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
}
