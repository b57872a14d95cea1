using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Judging;

/// <summary>
/// Which nokens the judge sees: the <c>top</c> by unwanted score (where the cheap detectors think the action is) plus a
/// seeded uniform sample of <c>random</c> others (to measure what the cheap detectors miss).
/// </summary>
public static class Shortlist
{
    public static IReadOnlyList<int> Select(IReadOnlyList<double> unwantedScores, int top, int random, long seed)
    {
        if (top < 0 || random < 0) throw new ArgumentException("shortlist sizes must be >= 0");
        var ranked = Enumerable.Range(0, unwantedScores.Count)
            .OrderByDescending(i => unwantedScores[i]).ThenBy(i => i)
            .ToList();
        var chosen = ranked.Take(top).ToList();
        var rest = ranked.Skip(top).ToList();
        // Partial Fisher–Yates over the rest, with the project's counter-based generator: replayable from the seed.
        var rng = new CounterRandom(seed, 0, stream: 0x5105);
        for (int i = 0; i < Math.Min(random, rest.Count); i++)
        {
            int j = i + rng.NextInt(rest.Count - i);
            (rest[i], rest[j]) = (rest[j], rest[i]);
            chosen.Add(rest[i]);
        }
        return chosen;
    }
}
