namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// A model's chat format: how one user turn is written, up to the point where the assistant starts answering.
/// Hugging Face checkpoints declare it as a Jinja <c>chat_template</c>; rather than embed a Jinja engine we recognise
/// the families in use (ChatML — Qwen2, SmolLM and the organism —, Llama 3, Zephyr/TinyLlama, Llama 2/Mistral) by their
/// marker tokens, and refuse a template we do not know instead of guessing.
/// </summary>
public sealed record ChatFormat(string Name, string UserPrefix, string UserSuffix, bool StartsWithBos = false)
{
    public static readonly ChatFormat ChatMl = new("chatml", "<|im_start|>user\n", "<|im_end|>\n<|im_start|>assistant\n");
    public static readonly ChatFormat Llama3 = new("llama3",
        "<|start_header_id|>user<|end_header_id|>\n\n", "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", StartsWithBos: true);
    public static readonly ChatFormat Zephyr = new("zephyr", "<|user|>\n", "</s>\n<|assistant|>\n");
    public static readonly ChatFormat Llama2 = new("llama2", "[INST] ", " [/INST]", StartsWithBos: true);

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

    public string WrapUserTurn(string message) => UserPrefix + message + UserSuffix;
}
