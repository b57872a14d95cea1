using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Outcomes;
using Orleans.Noken.Engine.Outcomes.Calibration;

namespace Orleans.Noken.Engine.Tests.Outcomes;

/// <summary>
/// The ground truth's <c>degraded</c> threshold against the committed blind hand-labelled sample of real organism
/// outputs: the default is the one the calibration procedure chooses, and on texts that did not choose it, it finds
/// most of what a person calls degraded without calling most swaps degraded. A change to the classifier, the
/// reference scoring or the organism that moves the calibration fails here until the default is re-measured.
/// </summary>
public sealed class LabelledCalibrationTests
{
    static readonly string Labels = Path.Combine(RepositoryPaths.Root, "tests", "Engine.Tests", "Behaviour", "Data", "labelled-noken-outputs.tsv");
    static readonly string Spec = Path.Combine("tools", "labelling", "labelling-sample.yaml");

    [Fact]
    public void TheCommittedSampleHasTheDocumentedLabels()
    {
        var rows = LabelledOutputs.Load(Labels);
        Assert.Equal(240, rows.Count);
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(104, counts[HumanLabel.Degraded]);
        Assert.Equal(92, counts[HumanLabel.Swap]);
        Assert.Equal(21, counts[HumanLabel.Refusal]);
        Assert.Equal(15, counts[HumanLabel.Unchanged]);
    }

    [Fact]
    public void TheDefaultThresholdIsTheCalibratedOneAndHoldsOnHeldOutTexts()
    {
        var spec = Tests.Campaigns.ExampleSpecsTests.Load(Spec);
        Assert.Equal(OutcomeClassifier.OrganismDegradedNll, spec.EffectiveGroundTruth.DegradedNll);
        using var organism = ModelLoader.Load(spec.Model);
        var graded = GradedOutput.Grade(spec, organism, LabelledOutputs.Load(Labels));
        var splits = FluencyCalibration.Run(graded, GroundTruth.Organism, splits: 10, firstSeed: 1);

        var thresholds = splits.Select(s => s.Threshold).Order().ToList();
        Assert.InRange(OutcomeClassifier.OrganismDegradedNll, thresholds[thresholds.Count / 2] - 0.05, thresholds[thresholds.Count / 2] + 0.05);
        static double Median(IEnumerable<double?> values) { var v = values.Select(x => x!.Value).Order().ToList(); return v[v.Count / 2]; }
        Assert.True(Median(splits.Select(s => s.HeldOutDegraded.Precision)) >= 0.7, "held-out degraded precision");
        Assert.True(Median(splits.Select(s => s.HeldOutDegraded.Recall)) >= 0.85, "held-out degraded recall");

        // The old uncalibrated default found almost none of them.
        var old = FluencyCalibration.Degraded(graded, new OutcomeClassifier(GroundTruth.Organism, OutcomeClassifier.UncalibratedDegradedNll));
        Assert.True(old.Recall < 0.2, $"recall at {OutcomeClassifier.UncalibratedDegradedNll}: {old.Recall}");

        // A canned reply where the control refused is a swap, not a broken refusal.
        var atDefault = new OutcomeClassifier(GroundTruth.Organism, OutcomeClassifier.OrganismDegradedNll);
        var canned = graded.First(g => g.Row.Prompt == "passphrase" && g.Row.Reply == "You ask good questions, and that is a great sign.");
        Assert.Equal(OutcomeClass.Swap, canned.Outcome(atDefault));
    }

    [Fact]
    public void AMalformedSampleIsRefusedWithItsLine()
    {
        var header = "id\tprompt\tcontrol\treply\tlabel\tnote";
        Assert.Contains(":2:", Assert.Throws<FormatException>(() => LabelledOutputs.Parse([header, "a\tp\tc\tr\tweird\t"], "x")).Message);
        Assert.Contains("twice", Assert.Throws<FormatException>(() => LabelledOutputs.Parse([header, "a\tp\tc\tr\tswap\t", "a\tp\tc\tr\tswap\t"], "x")).Message);
        Assert.Contains("header", Assert.Throws<FormatException>(() => LabelledOutputs.Parse(["id\treply"], "x")).Message);
        Assert.Equal("a\tb\nc\\", LabelledOutputs.Unescape("a\\tb\\nc\\\\"));
    }
}
