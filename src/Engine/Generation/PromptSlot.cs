namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// A prompt tokenized around its noken slot: <see cref="PrefixIds"/> (BOS included where the model wants it) come
/// before the noken, <see cref="SuffixIds"/> after. Every noken of a shard shares the prefix, whose KV cache is
/// therefore computed once and broadcast.
/// </summary>
public sealed record PromptSlot(string Name, int[] PrefixIds, int[] SuffixIds)
{
    /// <summary>The noken's distance from the end of the prompt, in tokens.</summary>
    public int DistanceFromEnd => SuffixIds.Length;

    /// <summary>Sequence length with the noken in place.</summary>
    public int Length => PrefixIds.Length + 1 + SuffixIds.Length;
}
