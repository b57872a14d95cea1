using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>One independent attack: a prompt (a held-out trigger paraphrase or a benign request) and a restart,
/// with its own seed. For the prefill probe the restart indexes the forced reply opening instead.</summary>
public sealed record AttackUnit(int Index, string Prompt, string Kind, int Restart, PromptSlot Slot, int Seed)
{
    public const string Trigger = "trigger", Benign = "benign";
}

/// <summary>What one unit found. <see cref="Steps"/> is the step at which the check first fired (or all it ran);
/// <see cref="Vectors"/> (K × D, row-major) or <see cref="TokenIds"/> is what sat in the slot at that point.</summary>
/// <param name="TargetLogProb">The best target's mean log-probability per token at the end (or, for the prefill
/// probe, the log of the planted continuation's first-token probability).</param>
public sealed record AttackUnitResult(
    int Index, string Prompt, string Kind, int Restart, bool Success, int Steps, long ForwardPasses, long BackwardPasses,
    string Reply, double TargetLogProb, float[]? Vectors = null, int[]? TokenIds = null, string? Text = null, string? Prefill = null);
