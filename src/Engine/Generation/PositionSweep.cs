using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// Moves a noken away from the end of its prompt: at distance d the noken is followed by exactly d tokens — filler
/// text inserted right after the slot, then the prompt's own suffix. The seed's question: at what token distance
/// does a noken still act?
/// </summary>
public static class PositionSweep
{
    public const string DefaultFiller = " and then, after a while, the story went on as before";

    public static IReadOnlyList<PromptSlot> Expand(PromptSlot prompt, IEnumerable<int> distances, ITextTokenizer tokenizer, string filler = DefaultFiller)
    {
        var fillerIds = tokenizer.Encode(filler);
        if (fillerIds.Length == 0) throw new ArgumentException("the filler text encodes to no tokens", nameof(filler));
        var slots = new List<PromptSlot>();
        foreach (var distance in distances)
        {
            int extra = distance - prompt.SuffixIds.Length;
            if (extra < 0)
                throw new ArgumentException(
                    $"prompt '{prompt.Name}' already has {prompt.SuffixIds.Length} tokens after its noken; distance {distance} is too short");
            var padding = Enumerable.Range(0, extra).Select(i => fillerIds[i % fillerIds.Length]);
            slots.Add(prompt with { Name = $"{prompt.Name}@{distance}", SuffixIds = [.. padding, .. prompt.SuffixIds] });
        }
        return slots;
    }
}
