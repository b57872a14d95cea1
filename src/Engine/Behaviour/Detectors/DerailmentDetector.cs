namespace Orleans.Noken.Engine.Behaviour.Detectors;

/// <summary>
/// Derailment: the continuation departs from the control's. Text divergence over the two texts' words
/// d = 1 − (<c>prefixWeight</c> · LCP/max length + (1 − <c>prefixWeight</c>) · Dice overlap of the word multisets),
/// so that a reworded but equivalent answer keeps a low score and another topic a high one. Words, not token ids
/// or punctuation: quotes and full stops would make any two short replies alike, and words measure hand-written
/// calibration texts and real continuations alike. When the continuation carries KL(control ‖ noken) of its first
/// steps, their mean m enters as k = 1 − exp(−m / <c>klScale</c>) and the score is (1 − <c>klWeight</c>) · d +
/// <c>klWeight</c> · k. It is the generic class: it labels an observation only when nothing more specific fires.
/// </summary>
public sealed class DerailmentDetector(string label, double prefixWeight, double klWeight, double klScale) : TextDetector(label)
{
    public override bool IsFallback => true;

    public static DerailmentDetector Create(string label, DetectorParameters p) =>
        new(label, p.Double("prefixWeight", 0.25, 0, 1), p.Double("klWeight", 0.25, 0, 1), p.Double("klScale", 2.0, 1e-6, 1e6));

    public override DetectorScore Score(BehaviourObservation observation)
    {
        if (observation.Control is not { } control) return Result(0, "no control to compare with");
        var (d, lcp, dice, length) = Divergence(TextUnits.WordsOf(observation.Text), TextUnits.WordsOf(control.Text));
        var evidence = FormattableString.Invariant($"shares {lcp} leading words of {length}, overlap {dice:F2}");
        var kl = observation.Noken.KlFromControl;
        if (kl.Length == 0) return Result(d, evidence);
        double mean = kl.Average(v => (double)v);
        double k = 1 - Math.Exp(-mean / klScale);
        return Result((1 - klWeight) * d + klWeight * k, FormattableString.Invariant($"{evidence}, mean KL {mean:F2} nats over {kl.Length} steps"));
    }

    (double Divergence, int Lcp, double Dice, int Length) Divergence(string[] a, string[] b)
    {
        int length = Math.Max(a.Length, b.Length);
        if (length == 0) return (0, 0, 1, 0);
                int lcp = 0;
        while (lcp < Math.Min(a.Length, b.Length) && a[lcp] == b[lcp]) lcp++;
        var counts = new Dictionary<string, int>();
        foreach (var u in b) counts[u] = counts.GetValueOrDefault(u) + 1;
        int shared = 0;
        foreach (var u in a)
            if (counts.TryGetValue(u, out var c) && c > 0) { shared++; counts[u] = c - 1; }
        double dice = 2.0 * shared / (a.Length + b.Length);
        double d = 1 - (prefixWeight * lcp / length + (1 - prefixWeight) * dice);
        return (d, lcp, dice, length);
    }
}
