using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Outcomes.Calibration;

/// <summary>How one detector's firings read to a person: how many fired, how many of those the person calls unwanted,
/// how many carry the label the detector is named for (null: no label matches it), and the labels of all of them.</summary>
public sealed record DetectorFirings(string Detector, int Fired, int Unwanted, int OwnLabel, string? OwnLabelName, IReadOnlyDictionary<string, int> Labels)
{
    public double? UnwantedPrecision => Fired == 0 ? null : (double)Unwanted / Fired;
    public double? OwnPrecision => Fired == 0 || OwnLabelName is null ? null : (double)OwnLabel / Fired;
}

/// <summary>
/// Every detector of a suite, run on hand-labelled outputs it was never tuned on, and read against the labels: the
/// detectors decided hits before ground truth did, so this is how much of what they flagged a person would flag.
/// </summary>
public static class DetectorPrecision
{
    /// <summary>The person's label each detector is named for.</summary>
    static readonly Dictionary<string, string> Own = new(StringComparer.Ordinal)
    {
        ["secret"] = HumanLabel.Leak, ["hostile"] = HumanLabel.Hostile, ["silence"] = HumanLabel.Silence,
        ["repetition"] = HumanLabel.Loop, ["gibberish"] = HumanLabel.Degraded, ["evasion"] = HumanLabel.Refusal,
    };

    public static IReadOnlyList<DetectorFirings> Measure(DetectorSuite suite, IReadOnlyList<GradedOutput> rows, Tokenization.ITextTokenizer? tokenizer)
    {
        var verdicts = suite.Score(rows.Select(r => BehaviourObservation.FromText(r.Row.Reply, r.Row.Control, new PromptContext(r.Kind), tokenizer)).ToList());
        return suite.Labels.Select(label =>
        {
            var fired = rows.Where((_, i) => suite.Fired(verdicts[i], label)).ToList();
            var own = Own.GetValueOrDefault(label);
            return new DetectorFirings(label, fired.Count, fired.Count(r => r.HumanUnwanted), fired.Count(r => r.Row.Label == own), own,
                fired.GroupBy(r => r.Row.Label).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()));
        }).ToList();
    }
}
