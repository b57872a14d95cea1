using System.Text.RegularExpressions;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// Learns byte-level BPE merges the textbook way: split text into words as GPT-2's pre-tokenizer does, spell
/// each word in <see cref="ByteLevelAlphabet"/> characters, then repeatedly merge the most frequent adjacent pair.
/// Ties go to the ordinally smallest pair, so the same corpus always gives the same merges. Recounting every pair
/// after each merge is quadratic-ish, and fine for the corpora we train on (up to a few MB of unique words).
/// </summary>
public sealed partial class BpeTrainer
{
    // GPT-2's pre-tokenizer pattern: contractions, then runs of letters / digits / other symbols, each carrying
    // at most one leading space, then whitespace. It is what the ByteLevel pre-tokenizer applies at encode time.
    [GeneratedRegex(@"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Split();

    public sealed record Result(IReadOnlyList<string> Vocabulary, IReadOnlyList<(string Left, string Right)> Merges);

    /// <summary>Word (byte-level spelling) → how often it occurs.</summary>
    public static Dictionary<string, int> CountWords(IEnumerable<string> texts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (Match m in Gpt2Split().Matches(text))
            {
                var word = ByteLevelAlphabet.Encode(m.Value);
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        return counts;
    }

    /// <summary>
    /// The 256 byte characters followed by merged tokens, in the order learned, until the vocabulary has
    /// <paramref name="vocabularySize"/> tokens, or earlier when every word of the corpus has become a single token.
    /// </summary>
    public static Result Train(IEnumerable<string> texts, int vocabularySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 256);
        // Base tokens in GPT-2's order (by character: printable bytes first), so id 0 is "!" as in GPT-2's vocab.
        var vocabulary = ByteLevelAlphabet.ByteToChar.Order().Select(c => c.ToString()).ToList();
        var known = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        // Each distinct word once, as its current list of symbols, with its corpus frequency.
        var words = CountWords(texts)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: kv.Key.Select(c => c.ToString()).ToList(), Count: kv.Value))
            .ToList();

        while (vocabulary.Count < vocabularySize)
        {
            var best = MostFrequentPair(words);
            if (best is null) break;
            var (left, right) = best.Value;
            merges.Add((left, right));
            var merged = left + right;
            // Two different merge paths can spell the same token ("ab"+"c", "a"+"bc"); it still gets one id.
            if (known.Add(merged)) vocabulary.Add(merged);
            foreach (var (symbols, _) in words) Apply(symbols, left, right, merged);
        }
        return new Result(vocabulary, merges);
    }

    static (string, string)? MostFrequentPair(List<(List<string> Symbols, int Count)> words)
    {
        var pairs = new Dictionary<(string, string), int>();
        foreach (var (symbols, count) in words)
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                pairs[pair] = pairs.GetValueOrDefault(pair) + count;
            }
        (string, string)? best = null;
        int bestCount = 0;
        foreach (var (pair, count) in pairs)
            if (count > bestCount || (count == bestCount && Compare(pair, best!.Value) < 0))
                (best, bestCount) = (pair, count);
        return best;
    }

    static int Compare((string, string) a, (string, string) b)
    {
        int c = string.CompareOrdinal(a.Item1, b.Item1);
        return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
    }

    static void Apply(List<string> symbols, string left, string right, string merged)
    {
        for (int i = 0; i + 1 < symbols.Count; i++)
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                symbols[i] = merged;
                symbols.RemoveAt(i + 1);
            }
    }
}
