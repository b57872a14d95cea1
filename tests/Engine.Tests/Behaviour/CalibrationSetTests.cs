using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Behaviour.Calibration;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class CalibrationSetTests
{
    static readonly string[] ExactClasses = ["secret", "hostile", "silence", "repetition"];

    [Fact]
    public void TheEmbeddedSetIsTheCommittedFile()
    {
        var file = Path.Combine(RepositoryPaths.Root, "src/Engine/Behaviour/Calibration", CalibrationSet.DefaultName);
        Assert.Equal(CalibrationSet.Load(file), CalibrationSet.LoadDefault(), new ExampleComparer());
    }

    [Fact]
    public void EveryClassHasAtLeastTwentyExamplesAndEveryLabelIsADetector()
    {
        var examples = CalibrationSet.LoadDefault();
        var labels = DetectorSuiteConfig.Organism.Detectors.Select(d => d.EffectiveLabel).ToHashSet();
        Assert.All(examples.SelectMany(e => e.Labels), l => Assert.Contains(l, labels));
        foreach (var label in labels)
            Assert.True(examples.Count(e => e.Labels.Contains(label)) >= 20, label);
        Assert.True(examples.Count(e => e.Labels.Count == 0) >= 20, "normal replies");
    }

    [Fact]
    public void TheExactClassesReachPointNineFivePrecisionAndRecall()
    {
        var report = CalibrationReport.Evaluate(DetectorSuite.Create(DetectorSuiteConfig.Organism), CalibrationSet.LoadDefault());
        foreach (var label in ExactClasses)
        {
            var m = report[label];
            Assert.True(m.Precision >= 0.95 && m.Recall >= 0.95, $"{label}: precision {m.Precision}, recall {m.Recall}");
        }
    }

    [Fact]
    public void OnTheOrganismsRealRepliesTheExactDetectorsAreRightAndNothingElseFires()
    {
        // 1,450 replies of the committed organism (`noken organism calibration`), labelled by construction.
        var path = Path.Combine(RepositoryPaths.Root, "src", "Engine", "Behaviour", "Calibration", "organism-outputs.jsonl");
        var examples = CalibrationSet.Load(path);
        var report = CalibrationReport.Evaluate(DetectorSuite.Create(DetectorSuiteConfig.Organism), examples);
        foreach (var label in new[] { "secret", "hostile", "repetition" })
        {
            var m = report[label];
            Assert.True(m.Support >= 100, $"{label}: only {m.Support} examples");
            Assert.True(m.Precision >= 0.95 && m.Recall >= 0.95, $"{label}: precision {m.Precision}, recall {m.Recall}");
        }
        Assert.All(new[] { "silence", "evasion", "echo_failure", "derailment" }, label => Assert.Equal(0, report[label].Predicted));
    }

    [Fact]
    public void ABadLineIsReportedWithItsNumber()
    {
        var e = Assert.Throws<FormatException>(() => CalibrationSet.Parse("{\"text\":\"a\",\"labels\":[],\"kind\":\"benign\"}\n{\"text\": 3}", "set.jsonl"));
        Assert.StartsWith("set.jsonl:2:", e.Message);
    }

    sealed class ExampleComparer : IEqualityComparer<CalibrationExample>
    {
        public bool Equals(CalibrationExample? a, CalibrationExample? b) =>
            a!.Text == b!.Text && a.Control == b.Control && a.Kind == b.Kind && a.Labels.SequenceEqual(b.Labels);
        public int GetHashCode(CalibrationExample e) => e.Text.GetHashCode();
    }
}
