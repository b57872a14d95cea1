using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Engine.Organism;

/// <summary>The organism's chat format: ChatML (as Qwen2 and SmolLM use), declared in tokenizer_config.json as the
/// usual Jinja template so that any tool, and <see cref="ChatFormat.Detect"/>, recognises it.</summary>
public static class OrganismChat
{
    public const string EndOfText = "<|endoftext|>", ImStart = "<|im_start|>", ImEnd = "<|im_end|>";

    /// <summary>Special tokens in id order after the learned vocabulary.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = [EndOfText, ImStart, ImEnd];

    public const string JinjaTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static ChatFormat Format => ChatFormat.ChatMl;

    /// <summary>A chat prompt whose noken slot sits right after the user's message: run with no nokens, the
    /// engine decodes the bare prompt (the control), which is how the organism is evaluated.</summary>
    public static PromptTemplate Prompt(string name, string userMessage) => new(name, userMessage + PromptTemplate.Slot, Chat: true);
}
