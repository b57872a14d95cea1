namespace Orleans.Noken.Engine.Outcomes.Calibration;

/// <summary>How many rows of each person's label got each outcome class: the plainest view of where the classifier
/// and a reader part ways.</summary>
public sealed record OutcomeConfusion(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByLabel)
{
    public int this[string label, string outcome] =>
        ByLabel.TryGetValue(label, out var row) && row.TryGetValue(outcome, out var n) ? n : 0;

    public static OutcomeConfusion Of(IReadOnlyList<GradedOutput> rows, OutcomeClassifier classifier) =>
        new(rows.GroupBy(r => r.Row.Label).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, int>)g.GroupBy(r => r.Outcome(classifier)).ToDictionary(o => o.Key, o => o.Count())));
}
