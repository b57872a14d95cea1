using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Serving;

/// <summary>The answer to one chat or completion request, how many tokens it took, and its tokens one by one (with
/// their alternatives when <see cref="DecodingOptions.TopLogProbs"/> asks for them).</summary>
public sealed record ChatAnswer(string Text, string FinishReason, int PromptTokens, int CompletionTokens)
{
    public IReadOnlyList<ReplyToken> Tokens { get; init; } = [];
}

/// <summary>
/// Answers chat conversations and raw prompts with a loaded model, optionally with one noken spliced into every
/// request — into the last user turn (or the raw prompt) at its <c>{noken}</c> slot, or at its end — so that other
/// red-teaming tools can talk to a noken-ized model. Without a noken it answers as the model itself (the control
/// path of the engine), and a <c>{noken}</c> in the text is an empty slot.
/// Runs torch work on the caller's thread: host it behind a <see cref="Hosting.ModelThread"/>.
/// </summary>
public sealed class NokenChat(LoadedModel loaded, ChatFormat format, Tensor? noken)
{
    readonly ShardGenerator _generator = new(loaded);

    public ChatAnswer Answer(IReadOnlyList<ChatMessage> conversation, DecodingOptions decoding)
    {
        if (conversation.Count == 0) throw new ArgumentException("messages must not be empty");
        int last = conversation.Select((m, i) => (m, i)).LastOrDefault(p => p.m.Role == "user", (null!, -1)).Item2;
        if (last < 0) throw new ArgumentException("messages need at least one user turn");

        // Put the slot in the last user turn, render the conversation, and let the engine split around it.
        var withSlot = conversation.ToList();
        withSlot[last] = withSlot[last] with { Content = WithSlot(withSlot[last].Content) };
        var slot = PromptTemplate.Split("chat", format.Render(withSlot), loaded.Tokenizer, loaded.Tokenizer.AddBosToken || format.StartsWithBos);
        return Continue(slot, decoding, "messages");
    }

    /// <summary>Continues raw text, with no chat template: what <c>/v1/completions</c> asks for.</summary>
    /// <param name="subject">What a too-long prompt is called in the error (e.g. <c>prompt[2]</c>).</param>
    public ChatAnswer Complete(string prompt, DecodingOptions decoding, string subject = "prompt")
    {
        var slot = PromptTemplate.Split(subject, WithSlot(prompt), loaded.Tokenizer, loaded.Tokenizer.AddBosToken);
        // With no BOS and no noken, an empty prompt leaves the model no position to predict from.
        if (noken is null && slot.PrefixIds.Length + slot.SuffixIds.Length == 0)
            throw new ArgumentException($"{subject} is empty, and this model has no BOS token to continue from");
        return Continue(slot, decoding, subject);
    }

    static string WithSlot(string text) => text.Contains(PromptTemplate.Slot, StringComparison.Ordinal) ? text : text + PromptTemplate.Slot;

    ChatAnswer Continue(PromptSlot slot, DecodingOptions decoding, string subject)
    {
        // Without a noken the slot stays empty, so the sequence is one shorter; the bound is the same either way.
        if (ContextWindow.Problem(slot, decoding.MaxNewTokens, loaded.Config.MaxPositions, subject) is { } tooLong)
            throw new ArgumentException(tooLong);

        using var scope = torch.NewDisposeScope();
        var nokens = noken?.reshape(1, -1) ?? torch.empty([0, loaded.Config.HiddenSize]);
        var output = _generator.Run(new ShardRequest(nokens, [slot], decoding));
        var continuation = noken is null ? output.Controls[0] : output.Pairs[0].Continuation;
        int promptTokens = slot.PrefixIds.Length + slot.SuffixIds.Length + (noken is null ? 0 : 1);
        return new ChatAnswer(continuation.Text, continuation.StoppedAtEos ? "stop" : "length", promptTokens, continuation.Ids.Length)
        {
            Tokens = ReplyToken.Of(continuation, loaded.Tokenizer),
        };
    }
}
