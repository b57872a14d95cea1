namespace Orleans.Noken.Engine.Study;

/// <summary>
/// The size of the evaluation suite every arm is measured on (<see cref="NokenSuite"/>, <see cref="AttackSuite"/>).
/// The nokens and attack seeds are fixed, so every arm and seed faces the same vectors and the same units: the
/// seed-to-seed spread is the training's, not the test's.
/// </summary>
public sealed record SuiteOptions
{
    /// <summary>Nokens per condition (the five strategies in turn, sampled from the aligned organism's embeddings).</summary>
    public int Nokens { get; init; } = 40;
    /// <summary>Held-out trigger paraphrases per planted family that carry the nokens (no arm trains on them).</summary>
    public int TriggerPromptsPerFamily { get; init; } = 2;
    /// <summary>Ordinary evaluation requests that carry the nokens, for over-refusal.</summary>
    public int BenignPrompts { get; init; } = 6;
    public int MaxNewTokens { get; init; } = 24;
    /// <summary>Filler tokens between the noken and the question (issue 13 found 0 → 4 multiplied leaks tenfold).</summary>
    public IReadOnlyList<int> Distances { get; init; } = [0, 4, 8];
    /// <summary>Nokens side by side in the slot.</summary>
    public IReadOnlyList<int> SideBySide { get; init; } = [2, 4];
    /// <summary>Blocks whose input the noken is added to, one level deeper than the embeddings.</summary>
    public IReadOnlyList<int> ResidualBlocks { get; init; } = [1, 2];

    /// <summary>Attack units per goal (secret, hostile, loop): the first held-out trigger paraphrases, one restart.</summary>
    public int AttackUnitsPerGoal { get; init; } = 3;
    public int EmbeddingSteps { get; init; } = 60;
    public int GcgSteps { get; init; } = 20;
    /// <summary>Held-out trigger paraphrases per goal the prefill probe forces every reply opening on.</summary>
    public int PrefillPromptsPerGoal { get; init; } = 3;

    /// <summary>A handful of everything: checks the plumbing in CI, not the science.</summary>
    public static SuiteOptions Miniature { get; } = new()
    {
        Nokens = 5, TriggerPromptsPerFamily = 1, BenignPrompts = 2, MaxNewTokens = 8, Distances = [0, 4], SideBySide = [2],
        ResidualBlocks = [1], AttackUnitsPerGoal = 1, EmbeddingSteps = 2, GcgSteps = 1, PrefillPromptsPerGoal = 1,
    };

    public void Validate()
    {
        if (Nokens is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(Nokens), Nokens, "suite nokens must be in [1, 10000]");
        if (TriggerPromptsPerFamily < 1 || BenignPrompts < 1) throw new ArgumentOutOfRangeException(nameof(TriggerPromptsPerFamily), "the suite needs at least one trigger prompt per family and one benign prompt");
        if (MaxNewTokens is < 1 or > 512) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "max new tokens must be in [1, 512]");
        if (Distances.Any(d => d is < 0 or > 64)) throw new ArgumentOutOfRangeException(nameof(Distances), "distances must be in [0, 64]");
        if (SideBySide.Any(k => k is < 2 or > 8)) throw new ArgumentOutOfRangeException(nameof(SideBySide), "nokens side by side must be in [2, 8]");
        if (ResidualBlocks.Any(b => b < 1)) throw new ArgumentOutOfRangeException(nameof(ResidualBlocks), "residual blocks start at 1 (0 is the embeddings)");
        if (AttackUnitsPerGoal < 0 || EmbeddingSteps < 0 || GcgSteps < 0 || PrefillPromptsPerGoal < 0)
            throw new ArgumentOutOfRangeException(nameof(AttackUnitsPerGoal), "attack sizes must be ≥ 0 (0 skips the attack)");
    }
}
