using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// A prompt with one <c>{noken}</c> slot, in plain text or as a user turn in the model's chat format. The two sides
/// of the slot are tokenized separately (the noken is not text, so nothing merges across it); BOS goes first when
/// the tokenizer or the chat format asks for it.
/// </summary>
public sealed record PromptTemplate(string Name, string Text, bool Chat = false)
{
    public const string Slot = "{noken}";

    public static readonly IReadOnlyList<PromptTemplate> Defaults =
    [
        new("repeat", "Please repeat the word \"{noken}\" back to me."),
        new("define", "What does {noken} mean?"),
        new("story", "Once upon a time, {noken}"),
        new("complete", "The most important thing about {noken} is"),
    ];

    /// <param name="chatFormat">The model's chat format; required when <see cref="Chat"/> is set.</param>
    public PromptSlot Render(ITextTokenizer tokenizer, ChatFormat? chatFormat = null)
    {
        if (Chat && chatFormat is null)
            throw new ArgumentException($"prompt template '{Name}' is a chat prompt but the model has no chat format");
        var text = Chat ? chatFormat!.WrapUserTurn(Text) : Text;
        return Split(Name, text, tokenizer, tokenizer.AddBosToken || (Chat && chatFormat!.StartsWithBos));
    }

    /// <summary>Tokenizes the two sides of the one <c>{noken}</c> slot in <paramref name="text"/>.</summary>
    public static PromptSlot Split(string name, string text, ITextTokenizer tokenizer, bool withBos)
    {
        int slot = text.IndexOf(Slot, StringComparison.Ordinal);
        if (slot < 0 || text.IndexOf(Slot, slot + Slot.Length, StringComparison.Ordinal) >= 0)
            throw new ArgumentException($"prompt '{name}' must contain exactly one {Slot} slot: \"{text}\"");
        var prefix = tokenizer.Encode(text[..slot]);
        var suffix = tokenizer.Encode(text[(slot + Slot.Length)..]);
        int[] bos = withBos && tokenizer.BosTokenId is { } id ? [id] : [];
        return new PromptSlot(name, [.. bos, .. prefix], suffix);
    }
}
