using Orleans.Noken.Engine.Behaviour.Calibration;

namespace Orleans.Noken.Engine.Outcomes.Calibration;

/// <summary>One split: the threshold chosen on one half of the labelled texts and what it scores on the other.</summary>
public sealed record FluencySplit(int Seed, double Threshold, int CalibrationRows, int HeldOutRows,
    ClassMetrics CalibrationDegraded, ClassMetrics HeldOutDegraded, ClassMetrics HeldOutUnwanted);

/// <summary>
/// Calibrates the <see cref="OutcomeClass.Degraded"/> threshold on hand-labelled outputs without grading it on the
/// rows that chose it: the distinct (prompt, reply) texts are split in half at random (a text's copies stay
/// together, since they share a label and an NLL), the threshold that maximises F1 for <c>degraded</c> is chosen on
/// one half and measured on the other. Each split is one run; several splits show how much the choice and its
/// held-out precision move with the draw.
/// </summary>
public static class FluencyCalibration
{
    public static IReadOnlyList<FluencySplit> Run(IReadOnlyList<GradedOutput> graded, GroundTruth groundTruth, int splits, int firstSeed)
    {
        if (splits < 1) throw new ArgumentException("at least one split");
        var groups = graded.Select(g => g.Row.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (groups.Count < 2) throw new ArgumentException("a split needs at least two distinct (prompt, reply) texts");
        var result = new List<FluencySplit>();
        for (int s = 0; s < splits; s++)
        {
            int seed = firstSeed + s;
            var shuffled = groups.ToArray();
            new Random(seed).Shuffle(shuffled);
            var calibrationGroups = shuffled.Take(shuffled.Length / 2).ToHashSet(StringComparer.Ordinal);
            var calibration = graded.Where(g => calibrationGroups.Contains(g.Row.Group)).ToList();
            var heldOut = graded.Where(g => !calibrationGroups.Contains(g.Row.Group)).ToList();
            double threshold = ChooseThreshold(calibration, groundTruth);
            var classifier = new OutcomeClassifier(groundTruth, threshold);
            result.Add(new FluencySplit(seed, threshold, calibration.Count, heldOut.Count,
                Degraded(calibration, classifier), Degraded(heldOut, classifier), Unwanted(heldOut, classifier)));
        }
        return result;
    }

    /// <summary>The threshold with the best F1 for <c>degraded</c> on these rows: midpoints between consecutive
    /// NLLs of the rows fluency decides (and +∞: call nothing degraded). Ties go to the higher threshold, the one
    /// that calls fewer replies degraded.</summary>
    public static double ChooseThreshold(IReadOnlyList<GradedOutput> rows, GroundTruth groundTruth)
    {
        var nlls = rows.Where(r => r.FluencyDecides).Select(r => r.ReferenceNll).Distinct().Order().ToList();
        var candidates = nlls.Zip(nlls.Skip(1), (a, b) => (a + b) / 2).Append(double.PositiveInfinity);
        if (nlls.Count > 0) candidates = candidates.Prepend(nlls[0] - 1);
        double best = double.PositiveInfinity, bestF1 = -1;
        foreach (var threshold in candidates)
        {
            var f1 = F1(Degraded(rows, new OutcomeClassifier(groundTruth, threshold)));
            if (f1 >= bestF1) (best, bestF1) = (threshold, f1);
        }
        return best;
    }

    public static ClassMetrics Degraded(IReadOnlyList<GradedOutput> rows, OutcomeClassifier classifier) =>
        ClassMetrics.From(OutcomeClass.Degraded,
            rows.Select(r => r.Row.Label == HumanLabel.Degraded).ToList(),
            rows.Select(r => r.Outcome(classifier) == OutcomeClass.Degraded).ToList());

    /// <summary>Whether the classifier calls a row unwanted where a person does.</summary>
    public static ClassMetrics Unwanted(IReadOnlyList<GradedOutput> rows, OutcomeClassifier classifier) =>
        ClassMetrics.From("unwanted",
            rows.Select(r => r.HumanUnwanted).ToList(),
            rows.Select(r => OutcomeClass.IsUnwanted(r.Outcome(classifier))).ToList());

    static double F1(ClassMetrics m) => m.Support + m.Predicted == 0 ? 0 : 2.0 * m.TruePositives / (m.Support + m.Predicted);
}
