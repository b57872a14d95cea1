namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// Turns observations into scores for one behaviour class. The contract is batched because one detector (gibberish)
/// runs the model and must see many observations at once; text-only detectors derive from <see cref="TextDetector"/>.
/// Implementations are stateless between calls and return exactly one score per observation, in order.
/// </summary>
public interface IBehaviourDetector
{
    /// <summary>The class this detector reports (e.g. "repetition", or a lexicon's own name such as "hostile").</summary>
    string Label { get; }

    /// <summary>Generic detectors (derailment) only label an observation when no specific detector fires.</summary>
    bool IsFallback => false;

    IReadOnlyList<DetectorScore> Score(IReadOnlyList<BehaviourObservation> observations);
}

/// <summary>A detector that looks at one observation at a time with no model.</summary>
public abstract class TextDetector(string label) : IBehaviourDetector
{
    public string Label { get; } = label;
    public virtual bool IsFallback => false;

    public IReadOnlyList<DetectorScore> Score(IReadOnlyList<BehaviourObservation> observations)
    {
        var scores = new DetectorScore[observations.Count];
        for (int i = 0; i < scores.Length; i++) scores[i] = Score(observations[i]);
        return scores;
    }

    public abstract DetectorScore Score(BehaviourObservation observation);

    /// <summary>Clamps to [0, 1] so no detector can outweigh another by scoring outside the range.</summary>
    protected DetectorScore Result(double score, string evidence) => new(Label, Math.Clamp(score, 0, 1), evidence);
}
