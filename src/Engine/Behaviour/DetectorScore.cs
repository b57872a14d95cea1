namespace Orleans.Noken.Engine.Behaviour;

/// <summary>One detector's verdict on one observation: a score in [0, 1] and why, in words a researcher can check
/// against the text (e.g. "repeats 'the sea is' 5×").</summary>
public sealed record DetectorScore(string Label, double Score, string Evidence)
{
    public static DetectorScore None(string label, string evidence = "") => new(label, 0, evidence);
}
