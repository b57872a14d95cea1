namespace Orleans.Noken.Engine.Behaviour.Detectors;

/// <summary>
/// Silence: the model ended at once (EOS as its first token) or said only whitespace (or invisible format characters). Binary, because there is no
/// degree of saying nothing; "nearly nothing" (a lone dot) is left to derailment.
/// </summary>
public sealed class SilenceDetector(string label) : TextDetector(label)
{
    public static SilenceDetector Create(string label, DetectorParameters p) => new(label);

    public override DetectorScore Score(BehaviourObservation observation)
    {
        var c = observation.Noken;
        if (c.Text.Length == 0 && c.Ids.Length == 0)
            return Result(1, c.StoppedAtEos ? "ended at once (EOS first)" : "empty continuation");
        if (c.Text.All(Invisible))
            return Result(1, $"whitespace only ({c.Text.Length} chars{(c.StoppedAtEos ? ", then EOS" : "")})");
        return Result(0, "");
    }

    /// <summary>Whitespace, and format characters such as the zero-width space, which byte-level tokenizers emit
    /// and no reader sees.</summary>
    static bool Invisible(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
}
