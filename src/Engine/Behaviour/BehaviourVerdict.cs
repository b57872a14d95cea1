namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// A suite's verdict on one observation: every detector's score and evidence (config order), the top label
/// ("none" when no detector reached its threshold), and the weighted unwanted score in [0, 1].
/// </summary>
public sealed record BehaviourVerdict(IReadOnlyList<DetectorScore> Scores, string TopLabel, double UnwantedScore)
{
    public const string NoLabel = "none";

    public DetectorScore? this[string label] => Scores.FirstOrDefault(s => s.Label == label);
}
