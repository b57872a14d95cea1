namespace Orleans.Noken.Engine.Generation;

/// <summary>One turn of a conversation.</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>
/// A model's chat format: how each turn is written and how the assistant's answer is opened.
/// Hugging Face checkpoints declare it as a Jinja <c>chat_template</c>; rather than embed a Jinja engine we recognise
/// the families in use (ChatML — Qwen2, SmolLM and the organism —, Llama 3, Zephyr/TinyLlama, Llama 2/Mistral) by their
/// marker tokens, and refuse a template we do not know instead of guessing.
/// </summary>
/// <param name="Turns">Per role (or "*" for any role), the turn with <c>{role}</c> and <c>{content}</c> placeholders.</param>
/// <param name="GenerationPrompt">What opens the assistant's answer.</param>
public sealed record ChatFormat(string Name, IReadOnlyDictionary<string, string> Turns, string GenerationPrompt, bool StartsWithBos = false)
{
    public static readonly ChatFormat ChatMl = new("chatml",
        new Dictionary<string, string> { ["*"] = "<|im_start|>{role}\n{content}<|im_end|>\n" }, "<|im_start|>assistant\n");
    public static readonly ChatFormat Llama3 = new("llama3",
        new Dictionary<string, string> { ["*"] = "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>" },
        "<|start_header_id|>assistant<|end_header_id|>\n\n", StartsWithBos: true);
    public static readonly ChatFormat Zephyr = new("zephyr",
        new Dictionary<string, string> { ["*"] = "<|{role}|>\n{content}</s>\n" }, "<|assistant|>\n");
    // Llama 2 has no system turn of its own (it folds <<SYS>> into the first [INST]); we support user/assistant only.
    public static readonly ChatFormat Llama2 = new("llama2",
        new Dictionary<string, string> { ["user"] = "[INST] {content} [/INST]", ["assistant"] = " {content} </s><s>" }, "", StartsWithBos: true);

    public static readonly IReadOnlyList<(string Marker, ChatFormat Format)> Known =
    [
        ("<|im_start|>", ChatMl),
        ("<|start_header_id|>", Llama3),
        ("<|user|>", Zephyr),
        ("[INST]", Llama2),
    ];

    /// <summary>The format a <c>chat_template</c> uses; an error naming the markers we know when it is none of them.</summary>
    public static ChatFormat Detect(string? chatTemplate, string modelDirectory)
    {
        if (string.IsNullOrWhiteSpace(chatTemplate))
            throw new ArgumentException($"{modelDirectory}: tokenizer_config.json has no chat_template, so chat prompts cannot be formatted; use plain prompts");
        foreach (var (marker, format) in Known)
            if (chatTemplate.Contains(marker, StringComparison.Ordinal)) return format;
        throw new ArgumentException(
            $"{modelDirectory}: chat_template is not a format the engine knows (markers: {string.Join(", ", Known.Select(k => k.Marker))}); use plain prompts");
    }

    /// <summary>The conversation as text, ending where the assistant's answer begins.</summary>
    public string Render(IReadOnlyList<ChatMessage> conversation)
    {
        var text = new System.Text.StringBuilder();
        foreach (var message in conversation)
        {
            var turn = Turns.GetValueOrDefault(message.Role) ?? Turns.GetValueOrDefault("*")
                ?? throw new ArgumentException($"the {Name} chat format has no '{message.Role}' turn (it has: {string.Join(", ", Turns.Keys)})");
            text.Append(turn.Replace("{role}", message.Role).Replace("{content}", message.Content));
        }
        return text.Append(GenerationPrompt).ToString();
    }

    public string WrapUserTurn(string message) => Render([new ChatMessage("user", message)]);
}
