using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Serving;

/// <summary>The answer to one chat request, and how many tokens it took.</summary>
public sealed record ChatAnswer(string Text, string FinishReason, int PromptTokens, int CompletionTokens);

/// <summary>
/// Answers chat conversations with a loaded model, optionally with one noken spliced into every request — into the
/// last user turn at its <c>{noken}</c> slot, or at the end of that turn — so that other red-teaming tools can talk to a
/// noken-ized model. Without a noken it answers as the model itself (the control path of the engine).
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
        var content = withSlot[last].Content;
        if (!content.Contains(PromptTemplate.Slot, StringComparison.Ordinal)) content += PromptTemplate.Slot;
        withSlot[last] = withSlot[last] with { Content = content };
        var slot = PromptTemplate.Split("chat", format.Render(withSlot), loaded.Tokenizer, loaded.Tokenizer.AddBosToken || format.StartsWithBos);
        // Without a noken the slot stays empty, so the sequence is one shorter; the bound is the same either way.
        if (ContextWindow.Problem(slot, decoding.MaxNewTokens, loaded.Config.MaxPositions, "messages") is { } tooLong)
            throw new ArgumentException(tooLong);

        using var scope = torch.NewDisposeScope();
        var nokens = noken?.reshape(1, -1) ?? torch.empty([0, loaded.Config.HiddenSize]);
        var output = _generator.Run(new ShardRequest(nokens, [slot], decoding));
        var continuation = noken is null ? output.Controls[0] : output.Pairs[0].Continuation;
        int promptTokens = slot.PrefixIds.Length + slot.SuffixIds.Length + (noken is null ? 0 : 1);
        return new ChatAnswer(continuation.Text, continuation.StoppedAtEos ? "stop" : "length", promptTokens, continuation.Ids.Length);
    }
}
