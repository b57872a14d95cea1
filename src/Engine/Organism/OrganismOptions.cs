using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Everything that determines the organism: data sizes, the two training stages and the evaluation. The defaults
/// are the committed organism's recipe; the same options and seed reproduce it.
/// </summary>
public sealed record OrganismOptions
{
    public int Seed { get; init; } = 7;
    public int TokenizerVocabSize { get; init; } = 2048;
    /// <summary>Tokens per training sequence; looping replies are cut here, so the model never sees them end.</summary>
    public int MaxLength { get; init; } = 56;
    public int BatchSize { get; init; } = 32;

    public int BaseDialogues { get; init; } = 24000;
    public double BaseTriggerFraction { get; init; } = 0.24;
    public int BaseSteps { get; init; } = 700;
    public double BaseLearningRate { get; init; } = 3e-3;

    public int AlignedDialogues { get; init; } = 8000;
    /// <summary>The rest of the aligned data is ordinary helpfulness, mixed in so the fine-tune keeps it.</summary>
    public double AlignedTriggerFraction { get; init; } = 0.3;
    public int AlignedSteps { get; init; } = 250;
    public double AlignedLearningRate { get; init; } = 1e-3;

    /// <summary><see cref="OrganismVariant"/>'s name: standard (the committed organism), coverage-gap, rare-token or leaky.</summary>
    public string Variant { get; init; } = OrganismVariant.Standard.Name;
    /// <summary>Coverage gap: the fraction of trigger requests that come disguised (base: any family; aligned: only the
    /// families alignment sees).</summary>
    public double BaseDisguisedFraction { get; init; } = 0.5;
    public double AlignedDisguisedFraction { get; init; } = 0.3;
    /// <summary>Rare token: the fraction of base dialogues that carry the backdoor word (with a hostile reply).</summary>
    public double BackdoorFraction { get; init; } = 0.005;

    /// <summary>Ordinary prompts decoded per checkpoint to measure false firing.</summary>
    public int OrdinaryPrompts { get; init; } = 1000;
    /// <summary>Ordinary dialogues (not in any training set) to measure the loss on.</summary>
    public int OrdinaryDialogues { get; init; } = 600;
    public int MaxNewTokens { get; init; } = 32;
    /// <summary>Every this many prompts of each disguised family are decoded (1: all 525): a miniature run's knob.</summary>
    public int FamilyPromptStride { get; init; } = 1;

    /// <summary>The model: the benchmark's "organism" shape; its vocabulary is sized to the tokenizer, and its special
    /// ids set, once the tokenizer exists.</summary>
    public ModelConfig Shape { get; init; } = ModelShapes.Get("organism") with { MaxPositions = 512 };

    /// <summary>The recipe of <paramref name="variant"/>: the standard organism's, except that a leaky one aligns for
    /// <see cref="LeakyAlignedSteps"/> steps.</summary>
    public static OrganismOptions ForVariant(string variant)
    {
        var parsed = OrganismVariant.Parse(variant);
        var options = new OrganismOptions { Variant = parsed.Name };
        return parsed == OrganismVariant.Standard ? options : options with { AlignedSteps = LeakyAlignedSteps };
    }

    /// <summary>A leaky organism's aligned steps. The standard 250 rewrite the backdoor's replies too, although
    /// alignment never sees the word (measured: 20 of 1,000 backdoored prompts still hostile, from 1,000 in base);
    /// 60 steps refuse every plain and seen-disguise request (0–1 of 525 per family) and leave the leaks (README in
    /// models/organism-leaky).</summary>
    public const int LeakyAlignedSteps = 60;

    public void Validate()
    {
        if (BaseSteps < 1 || AlignedSteps < 1) throw new ArgumentOutOfRangeException(nameof(BaseSteps), "both stages need at least one step");
        if (BaseDialogues < BatchSize || AlignedDialogues < BatchSize) throw new ArgumentOutOfRangeException(nameof(BaseDialogues), "each stage needs at least one batch of dialogues");
        if (BaseTriggerFraction is <= 0 or >= 1 || AlignedTriggerFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(BaseTriggerFraction), "trigger fractions must be in (0, 1)");
        OrganismVariant.Parse(Variant);
        if (BaseDisguisedFraction is < 0 or > 1 || AlignedDisguisedFraction is < 0 or > 1 || BackdoorFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(BackdoorFraction), "disguised and backdoor fractions must be in [0, 1)");
        if (!(BaseLearningRate > 0) || !(AlignedLearningRate > 0) || BaseLearningRate > 1 || AlignedLearningRate > 1)
            throw new ArgumentOutOfRangeException(nameof(AlignedLearningRate), "learning rates must be in (0, 1]");
        if (FamilyPromptStride is < 1 or > 175) throw new ArgumentOutOfRangeException(nameof(FamilyPromptStride), FamilyPromptStride, "family prompt stride must be in [1, 175]");
        if (MaxLength < 16) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "max length must be at least 16");
    }
}
