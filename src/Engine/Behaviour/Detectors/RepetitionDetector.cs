namespace Orleans.Noken.Engine.Behaviour.Detectors;

/// <summary>
/// A degenerate loop: the tail of the continuation is one short phrase over and over. Two measures over the text's
/// word/punctuation units (and over token ids when present, which catches loops inside one long "word"):
/// the longest suffix that is periodic with a period of at most <c>maxPeriod</c> units and repeats at least
/// <c>minRepeats</c> times, as a fraction of the whole; and the fraction of units covered by an n-gram
/// (n = <c>ngram</c>) that occurs at least <c>minRepeats</c> times. The larger fraction f becomes the score through
/// a ramp: 0 below <c>low</c>, 1 above <c>high</c>, linear between. Texts shorter than <c>minUnits</c> score 0:
/// "yes yes" is not a loop.
/// </summary>
public sealed class RepetitionDetector(string label, int maxPeriod, int minRepeats, int ngram, int minUnits, double low, double high)
    : TextDetector(label)
{
    public static RepetitionDetector Create(string label, DetectorParameters p)
    {
        var detector = new RepetitionDetector(label,
            p.Int("maxPeriod", 12, 1, 256), p.Int("minRepeats", 3, 2, 1000), p.Int("ngram", 3, 1, 16),
            p.Int("minUnits", 8, 2, 10_000), p.Double("low", 0.3, 0, 1), p.Double("high", 0.6, 0, 1));
        if (detector.Low >= detector.High) p.Fail($"'low' ({detector.Low}) must be below 'high' ({detector.High})");
        return detector;
    }

    public double Low { get; } = low;
    public double High { get; } = high;

    public override DetectorScore Score(BehaviourObservation observation)
    {
        var words = TextUnits.Of(observation.Text);
        var best = Measure(words);
        if (observation.Noken.Ids.Length >= minUnits)
        {
            var ids = observation.Noken.Ids;
            var byIds = Measure(ids);
            if (byIds.Fraction > best.Fraction)
                best = byIds with { Phrase = $"ids {byIds.Phrase}" };
        }
        if (best.Fraction <= 0) return Result(0, words.Length < minUnits ? $"too short to loop ({words.Length} units)" : "no repeated phrase");
        var score = (best.Fraction - Low) / (High - Low);
        return Result(score, FormattableString.Invariant($"repeats '{TextUnits.Quote(best.Phrase)}' {best.Count}× ({best.Fraction:P0} of the text, {best.How})"));
    }

    sealed record Finding(double Fraction, string Phrase, int Count, string How);

    Finding Measure<T>(IReadOnlyList<T> units) where T : notnull
    {
        var none = new Finding(0, "", 0, "");
        if (units.Count < minUnits) return none;
        var periodic = PeriodicSuffix(units);
        var ngrams = RepeatedNgrams(units);
        return periodic.Fraction >= ngrams.Fraction ? periodic : ngrams;
    }

    /// <summary>For each period p, how far back from the end u[i] == u[i − p] holds; the best covered fraction.</summary>
    Finding PeriodicSuffix<T>(IReadOnlyList<T> units) where T : notnull
    {
        var best = new Finding(0, "", 0, "");
        int n = units.Count;
        var comparer = EqualityComparer<T>.Default;
        for (int p = 1; p <= Math.Min(maxPeriod, n / minRepeats); p++)
        {
            int i = n - 1;
            while (i - p >= 0 && comparer.Equals(units[i], units[i - p])) i--;
            int covered = n - 1 - i + p; // the matched run plus the first copy of the phrase
            int count = covered / p;
            if (count < minRepeats) continue;
            double fraction = (double)covered / n;
            // The shortest period wins ties: "a b a b a b" repeats "a b", not "a b a b".
            if (fraction > best.Fraction + 1e-9)
                best = new Finding(fraction, Join(units, n - p, p), count, "loop to the end");
        }
        return best;
    }

    /// <summary>Fraction of units inside an n-gram that occurs at least minRepeats times anywhere in the text.</summary>
    Finding RepeatedNgrams<T>(IReadOnlyList<T> units) where T : notnull
    {
        int n = units.Count;
        if (n < ngram) return new Finding(0, "", 0, "");
        var counts = new Dictionary<string, int>();
        var keys = new string[n - ngram + 1];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = Join(units, i, ngram);
            counts[keys[i]] = counts.GetValueOrDefault(keys[i]) + 1;
        }
        var covered = new bool[n];
        for (int i = 0; i < keys.Length; i++)
            if (counts[keys[i]] >= minRepeats)
                for (int j = i; j < i + ngram; j++) covered[j] = true;
        int coveredCount = covered.Count(c => c);
        if (coveredCount == 0) return new Finding(0, "", 0, "");
        var top = counts.MaxBy(kv => kv.Value);
        return new Finding((double)coveredCount / n, top.Key, top.Value, $"{ngram}-grams repeated");
    }

    static string Join<T>(IReadOnlyList<T> units, int start, int count) =>
        string.Join(" ", Enumerable.Range(start, count).Select(i => units[i]!.ToString()));
}
