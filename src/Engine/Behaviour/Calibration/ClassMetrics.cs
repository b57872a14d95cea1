namespace Orleans.Noken.Engine.Behaviour.Calibration;

/// <summary>
/// Precision and recall of one class, treating "the detector fired" (score ≥ its threshold) as the prediction and
/// the human labels as truth; classes are independent (one text may be hostile and derailed). Precision is null
/// when the detector never fired and recall null when the class never occurs: 0/0 is no evidence either way.
/// </summary>
public sealed record ClassMetrics(string Label, int Support, int Predicted, int TruePositives)
{
    public int FalsePositives => Predicted - TruePositives;
    public int FalseNegatives => Support - TruePositives;
    public double? Precision => Predicted == 0 ? null : (double)TruePositives / Predicted;
    public double? Recall => Support == 0 ? null : (double)TruePositives / Support;

    public static ClassMetrics From(string label, IReadOnlyList<bool> expected, IReadOnlyList<bool> predicted)
    {
        if (expected.Count != predicted.Count) throw new ArgumentException("expected and predicted must have one entry per example");
        int support = 0, fired = 0, both = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i]) support++;
            if (predicted[i]) fired++;
            if (expected[i] && predicted[i]) both++;
        }
        return new ClassMetrics(label, support, fired, both);
    }
}
