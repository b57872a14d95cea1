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
/// path of the engine), and a <c>{noken}</c> in the slot's text is an empty slot.
/// Only the last user turn is the slot's text: a <c>{noken}</c> anywhere else (a system prompt that quotes the
/// word, an earlier turn, the chat template's own text) is literal text, sent to the model as written.
/// A model without a chat format (<paramref name="format"/> null) still continues raw prompts; only chat needs it.
/// Runs torch work on the caller's thread: host it behind a <see cref="Hosting.ModelThread"/>.
/// </summary>
public sealed class NokenChat(LoadedModel loaded, ChatFormat? format, Tensor? noken)
{
    readonly ShardGenerator _generator = new(loaded);

    /// <summary>The model's chat format, or null: then <see cref="Answer"/> refuses every conversation.</summary>
    public ChatFormat? Format => format;

    /// <summary>Token ids run from 0 to this minus one (what a <c>logit_bias</c> key may name).</summary>
    public int VocabularySize => loaded.Config.VocabSize;

    public ChatAnswer Answer(IReadOnlyList<ChatMessage> conversation, DecodingOptions decoding)
    {
        if (format is null) throw NoChatFormat(loaded.Directory);
        if (conversation.Count == 0) throw new ServeRequestException("messages", "messages must not be empty", "missing_required_parameter");
        int last = conversation.Select((m, i) => (m, i)).LastOrDefault(p => p.m.Role == "user", (null!, -1)).Item2;
        if (last < 0) throw new ServeRequestException("messages", "messages need at least one user turn");

        // The slot goes into the rendered conversation as a marker no request can contain (a fresh GUID), so that
        // nothing but the last user turn's own {noken} (or its end) can be taken for it.
        string marker = $"<slot-{Guid.NewGuid():N}>";
        var withSlot = conversation.ToList();
        withSlot[last] = withSlot[last] with { Content = WithMarker(withSlot[last].Content, marker, $"messages[{last}].content") };
        var text = format.Render(withSlot);
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        var slot = Split("chat", text[..at], text[(at + marker.Length)..], loaded.Tokenizer.AddBosToken || format.StartsWithBos);
        return Continue(slot, decoding, "messages");
    }

    /// <summary>Continues raw text, with no chat template: what <c>/v1/completions</c> asks for.</summary>
    /// <param name="subject">What a too-long prompt is called in the error (e.g. <c>prompt[2]</c>).</param>
    public ChatAnswer Complete(string prompt, DecodingOptions decoding, string subject = "prompt")
    {
        string marker = $"<slot-{Guid.NewGuid():N}>";
        var text = WithMarker(prompt, marker, subject);
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        var slot = Split(subject, text[..at], text[(at + marker.Length)..], loaded.Tokenizer.AddBosToken);
        // With no BOS and no noken, an empty prompt leaves the model no position to predict from.
        if (noken is null && slot.PrefixIds.Length + slot.SuffixIds.Length == 0)
            throw new ServeRequestException(subject, $"{subject} is empty, and this model has no BOS token to continue from");
        return Continue(slot, decoding, subject);
    }

    public static ServeRequestException NoChatFormat(string modelDirectory) => new("messages",
        $"this model ({Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDirectory))}) has no chat template (tokenizer_config.json has no chat_template), " +
        "so a conversation cannot be formatted; send a plain text prompt to /v1/completions", "model_has_no_chat_template");

    /// <summary>The text with its one <c>{noken}</c> (or its end) replaced by <paramref name="marker"/>; more than one
    /// slot is an error naming the field and the count, not the text.</summary>
    static string WithMarker(string text, string marker, string field)
    {
        int first = text.IndexOf(PromptTemplate.Slot, StringComparison.Ordinal);
        if (first < 0) return text + marker;
        int slots = 0;
        for (int i = first; i >= 0; i = text.IndexOf(PromptTemplate.Slot, i + PromptTemplate.Slot.Length, StringComparison.Ordinal)) slots++;
        if (slots > 1)
            throw new ServeRequestException(field, $"{field} has {slots} {PromptTemplate.Slot} slots; the noken goes at one of them (or, with none, at the end)");
        return string.Concat(text.AsSpan(0, first), marker, text.AsSpan(first + PromptTemplate.Slot.Length));
    }

    /// <summary>The two sides of the slot tokenized apart (the noken is not text, so nothing merges across it).</summary>
    PromptSlot Split(string name, string before, string after, bool withBos)
    {
        int[] bos = withBos && loaded.Tokenizer.BosTokenId is { } id ? [id] : [];
        return new PromptSlot(name, [.. bos, .. loaded.Tokenizer.Encode(before)], loaded.Tokenizer.Encode(after));
    }

    ChatAnswer Continue(PromptSlot slot, DecodingOptions decoding, string subject)
    {
        // Without a noken the slot stays empty, so the sequence is one shorter; the bound is the same either way.
        if (ContextWindow.Problem(slot, decoding.MaxNewTokens, loaded.Config.MaxPositions, subject) is { } tooLong)
            throw new ServeRequestException(subject, tooLong, "context_length_exceeded");

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
