using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Training;

/// <summary>
/// Turns a (user, assistant) exchange into a <see cref="TrainingExample"/> exactly as the engine will later see it:
/// the prompt is the chat format's user turn, tokenized as <see cref="PromptTemplate.Render"/> tokenizes it, and the
/// reply's tokens follow, so the model is trained on the same ids it is decoded from.
/// </summary>
public sealed class ChatExamples(ITextTokenizer tokenizer, ChatFormat format, int endOfTurnId, int maxLength)
{
    /// <param name="endsTurn">Append the end-of-turn token (and learn to emit it); false for replies that must not end.</param>
    public TrainingExample Encode(string user, string assistant, bool endsTurn = true)
    {
        var prompt = tokenizer.Encode(format.WrapUserTurn(user));
        var reply = tokenizer.Encode(assistant);
        int[] ids = endsTurn ? [.. prompt, .. reply, endOfTurnId] : [.. prompt, .. reply];
        if (prompt.Length >= maxLength)
            throw new ArgumentException($"the prompt alone is {prompt.Length} tokens, longer than the training length {maxLength}: \"{user}\"");
        return new TrainingExample(ids.Length > maxLength ? ids[..maxLength] : ids, prompt.Length);
    }
}
