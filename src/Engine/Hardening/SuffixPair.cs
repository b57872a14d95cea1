using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tokenization;
using Orleans.Noken.Engine.Training;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// A harmful request with room for an adversarial suffix after the user's text: the prompt's ids before the suffix,
/// the ids after it (the rest of the user turn and the assistant's opening), and the two replies — the refusal
/// (trained toward) and the planted reply (what the adversary raises, trained away from).
/// </summary>
public sealed record SuffixPair(int[] Before, int[] After, int[] Refusal, int[] Planted)
{
    /// <summary>Tokenized as <see cref="ChatExamples"/> tokenizes a dialogue (no BOS, the chat format's user turn),
    /// the suffix slot one space after the request, each side tokenized on its own as a noken slot is.</summary>
    public static SuffixPair Encode(ITextTokenizer tokenizer, ChatFormat format, int endOfTurnId, string user, string refusal, string planted,
        bool plantedEndsTurn)
    {
        var slot = PromptTemplate.Split("suffix", format.WrapUserTurn(user + " " + PromptTemplate.Slot), tokenizer, withBos: false);
        return new SuffixPair(slot.PrefixIds, slot.SuffixIds, [.. tokenizer.Encode(refusal), endOfTurnId],
            plantedEndsTurn ? [.. tokenizer.Encode(planted), endOfTurnId] : tokenizer.Encode(planted));
    }

    public int PromptLength(int suffixTokens) => Before.Length + suffixTokens + After.Length;

    public TrainingExample Toward(int[] suffix, int maxLength) => Example(suffix, Refusal, maxLength);

    public TrainingExample Away(int[] suffix, int maxLength) => Example(suffix, Planted, maxLength);

    TrainingExample Example(int[] suffix, int[] reply, int maxLength)
    {
        int[] ids = [.. Before, .. suffix, .. After, .. reply];
        int prompt = PromptLength(suffix.Length);
        if (prompt >= maxLength) throw new ArgumentException($"the prompt with its suffix is {prompt} tokens, longer than the training length {maxLength}");
        return new TrainingExample(ids.Length > maxLength ? ids[..maxLength] : ids, prompt);
    }
}
