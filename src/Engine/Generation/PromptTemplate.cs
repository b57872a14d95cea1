using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// A prompt with one <c>{noken}</c> slot, in plain text. The two sides of the slot are tokenized separately (the noken
/// is not text, so nothing merges across it); BOS goes first when the tokenizer asks for it.
/// </summary>
public sealed record PromptTemplate(string Name, string Text)
{
    public const string Slot = "{noken}";

    public static readonly IReadOnlyList<PromptTemplate> Defaults =
    [
        new("repeat", "Please repeat the word \"{noken}\" back to me."),
        new("define", "What does {noken} mean?"),
        new("story", "Once upon a time, {noken}"),
        new("complete", "The most important thing about {noken} is"),
    ];

    public PromptSlot Render(ITextTokenizer tokenizer)
    {
        int slot = Text.IndexOf(Slot, StringComparison.Ordinal);
        if (slot < 0 || Text.IndexOf(Slot, slot + Slot.Length, StringComparison.Ordinal) >= 0)
            throw new ArgumentException($"prompt template '{Name}' must contain exactly one {Slot} slot: \"{Text}\"");
        var prefix = tokenizer.Encode(Text[..slot]);
        var suffix = tokenizer.Encode(Text[(slot + Slot.Length)..]);
        int[] bos = tokenizer.AddBosToken && tokenizer.BosTokenId is { } id ? [id] : [];
        return new PromptSlot(Name, [.. bos, .. prefix], suffix);
    }
}
