namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// Whether a rendered prompt, with its noken and every token it may still generate, fits the model's context
/// (<see cref="Checkpoints.ModelConfig.MaxPositions"/>). Checked once the prompt is tokenized and before any tensor
/// is made: past the context a learned-position model fails mid-batch, a RoPE model runs on positions it never saw,
/// and attention's memory grows with the square of the length either way (a 68 KB prompt took 5 GB). The problem
/// names the prompt and the numbers, never the prompt's text (a client's conversation is not echoed back).
/// </summary>
public static class ContextWindow
{
    /// <summary>Tokens the sequence can reach: the prompt with its noken slot filled, plus <paramref name="maxNewTokens"/>.</summary>
    public static long Needed(PromptSlot slot, int maxNewTokens) => (long)slot.Length + Math.Max(0, maxNewTokens);

    /// <summary>Null when it fits, else why not, e.g. <c>prompt 'sea@0': 700 tokens with the noken + 24 new tokens =
    /// 724; the model's context is 512</c>.</summary>
    /// <param name="subject">What the problem calls the prompt (default: <c>prompt 'NAME'</c>).</param>
    public static string? Problem(PromptSlot slot, int maxNewTokens, int context, string? subject = null)
    {
        long needed = Needed(slot, maxNewTokens);
        return needed <= context ? null
            : $"{subject ?? $"prompt '{slot.Name}'"}: {slot.Length:N0} tokens with the noken + {maxNewTokens:N0} new tokens = {needed:N0}; the model's context is {context:N0}";
    }
}
