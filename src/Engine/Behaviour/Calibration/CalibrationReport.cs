namespace Orleans.Noken.Engine.Behaviour.Calibration;

/// <summary>A disagreement between a detector and the labels: which line, which class, and what the detector saw.</summary>
public sealed record CalibrationMiss(int Index, string Label, bool Expected, double Score, string Evidence, string Text);

/// <summary>Per-class precision and recall of a suite on a calibration set, with the detectors that could not run.</summary>
public sealed record CalibrationReport(int Examples, IReadOnlyList<ClassMetrics> Classes, IReadOnlyList<SkippedDetector> Skipped, IReadOnlyList<CalibrationMiss> Misses)
{
    public ClassMetrics this[string label] => Classes.First(c => c.Label == label);

    public static CalibrationReport Evaluate(DetectorSuite suite, IReadOnlyList<CalibrationExample> examples, Tokenization.ITextTokenizer? tokenizer = null)
    {
        var verdicts = suite.Score(examples.Select(e => e.ToObservation(tokenizer)).ToList());
        var classes = new List<ClassMetrics>();
        var misses = new List<CalibrationMiss>();
        for (int d = 0; d < suite.Labels.Count; d++)
        {
            var label = suite.Labels[d];
            var expected = examples.Select(e => e.Labels.Contains(label)).ToList();
            var predicted = verdicts.Select(v => suite.Fired(v, label)).ToList();
            classes.Add(ClassMetrics.From(label, expected, predicted));
            for (int i = 0; i < examples.Count; i++)
                if (expected[i] != predicted[i])
                    misses.Add(new CalibrationMiss(i, label, expected[i], verdicts[i].Scores[d].Score, verdicts[i].Scores[d].Evidence, examples[i].Text));
        }
        return new CalibrationReport(examples.Count, classes, suite.Skipped, misses);
    }
}
