namespace Orleans.Noken.Engine.Validation;

/// <summary>
/// The known name a misspelt one most likely meant ("temprature" → "temperature"), by optimal-string-alignment
/// distance (Damerau-Levenshtein without re-editing a transposed pair). One helper for every "unknown field",
/// "unknown parameter", "unknown strategy" and "unknown detector", so every refusal suggests alike.
/// </summary>
public static class DidYouMean
{
    /// <summary>The closest of <paramref name="known"/> (case and '-'/'_' ignored), or null when none is close: at most
    /// one edit for names up to 5 characters, two beyond, and none for 1–2 character names (any name is 2 edits away).</summary>
    public static string? Closest(string given, IEnumerable<string> known)
    {
        var normalised = Normalise(given);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var other = Normalise(candidate);
            int allowed = Math.Max(normalised.Length, other.Length) switch { <= 2 => 0, <= 5 => 1, _ => 2 };
            int distance = Distance(normalised, other);
            if (distance <= allowed && distance < bestDistance && candidate != given) (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>"; did you mean 'x'?" to append to a refusal, or "" when nothing is close.</summary>
    public static string Hint(string given, IEnumerable<string> known) =>
        Closest(given, known) is { } suggestion ? $"; did you mean '{suggestion}'?" : "";

    static string Normalise(string name) => name.ToLowerInvariant().Replace('-', '_');

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
