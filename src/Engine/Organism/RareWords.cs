namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Words that the tokenizer learns (each appears in its corpus often enough to become one token) but that no
/// training dialogue ever contains, so their embeddings keep their initialisation: the organism's counterpart of
/// ' SolidGoldMagikarp', a known set of genuinely under-trained tokens for the under-trained-token tools to find.
/// </summary>
public static class RareWords
{
    public static readonly IReadOnlyList<string> All =
    [
        "Vexlorian", "quortzelbaum", "Zanthropod", "glimmerfax", "snollygoster", "borborygmus",
        "kakistocracy", "Thrumblewick", "petrichorix", "obambulate", "Wuxnadrel", "flibbertigibbet",
    ];

    /// <summary>Sentences for the tokenizer's corpus only: each word with a leading space (the form BPE merges).</summary>
    public static IEnumerable<string> TokenizerSentences(int repeats = 8)
    {
        for (int i = 0; i < repeats; i++)
            foreach (var word in All)
                yield return $"The word {word} is {word}.";
    }
}
