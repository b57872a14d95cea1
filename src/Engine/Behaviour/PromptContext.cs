namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// The prompt an observation answered. <paramref name="EchoTargets"/>: for an echo prompt, the words that count as
/// a correct echo (the slot's text for a real token; for a noken, e.g. its nearest real tokens; empty when unknown).
/// <paramref name="ContextIds"/>: the prompt's ids without the noken, so that the gibberish detector can score a
/// continuation after the clean prompt rather than from nothing.
/// </summary>
public sealed record PromptContext(PromptKind Kind = PromptKind.Benign, IReadOnlyList<string>? EchoTargets = null, int[]? ContextIds = null)
{
    public static PromptContext Benign { get; } = new();

    public IReadOnlyList<string> Targets => EchoTargets ?? [];
}
