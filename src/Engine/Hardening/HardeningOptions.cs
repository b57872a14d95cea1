namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// One hardening run's hyper-parameters. Each step takes <see cref="BatchSize"/> (noken × prompt) pairs, pulls the
/// model's next-token distributions along the control's continuation towards the control's own (KL), and adds
/// <see cref="CleanWeight"/> × the ordinary language-model loss on <see cref="CleanBatchSize"/> clean dialogues, so
/// that the model unlearns the nokens' effect without forgetting how to talk. Defaults suit the organism on a CPU.
/// </summary>
public sealed record HardeningOptions
{
    public int Steps { get; init; } = 150;
    public int BatchSize { get; init; } = 16;            // (noken × prompt) pairs per step
    public int CleanBatchSize { get; init; } = 16;       // clean dialogues per step
    public double CleanWeight { get; init; } = 1.0;
    public double PeakLearningRate { get; init; } = 1e-3;
    public int WarmupSteps { get; init; } = 10;
    public double MinLearningRateFraction { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.0;      // keep the untouched directions where they are
    public double GradientClip { get; init; } = 1.0;
    /// <summary>Tokens of each prompt's control continuation the KL runs over (its first distributions matter most).</summary>
    public int TargetTokens { get; init; } = 12;
    public int Seed { get; init; } = 1;                  // pair and dialogue order
    public int PadId { get; init; }
    public int ReportEvery { get; init; } = 10;

    // Adversarial training in the loop (AdversarialTraining): off unless AdversarialEvery > 0.
    /// <summary>Every this many steps (the first included), search nokens against the current weights; 0 = never.</summary>
    public int AdversarialEvery { get; init; }
    /// <summary>Vectors each round climbs from (half pool members with noise, half fresh nokens).</summary>
    public int AdversarialNokens { get; init; } = 16;
    /// <summary>Gradient steps per climb.</summary>
    public int AscentSteps { get; init; } = 10;
    /// <summary>Length of one ascent step, as a fraction of the median token norm.</summary>
    public double AscentStepSize { get; init; } = 0.1;
    /// <summary>At most this many adversarial finds are kept; the oldest give way.</summary>
    public int AdversarialPool { get; init; } = 256;
    /// <summary>Fraction of each batch's (noken × prompt) pairs taken from the adversarial pool once it has any;
    /// fixed rather than proportional, so that a large campaign does not drown the few fresh finds.</summary>
    public double AdversarialShare { get; init; } = 0.5;

    public bool Adversarial => AdversarialEvery > 0;

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (CleanBatchSize < 0) throw new ArgumentOutOfRangeException(nameof(CleanBatchSize), CleanBatchSize, "clean batch size must be >= 0");
        if (CleanWeight < 0) throw new ArgumentOutOfRangeException(nameof(CleanWeight), CleanWeight, "clean weight must be >= 0");
        if (PeakLearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(PeakLearningRate), PeakLearningRate, "learning rate must be positive");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "warm-up steps must be >= 0");
        if (TargetTokens < 1) throw new ArgumentOutOfRangeException(nameof(TargetTokens), TargetTokens, "target tokens must be at least 1");
        if (ReportEvery < 1) throw new ArgumentOutOfRangeException(nameof(ReportEvery), ReportEvery, "report interval must be at least 1");
        if (AdversarialEvery < 0)
            throw new ArgumentOutOfRangeException(nameof(AdversarialEvery), AdversarialEvery, "adversarial interval must be >= 0 (0 turns adversarial rounds off)");
        if (!Adversarial) return;
        if (AdversarialNokens < 1)
            throw new ArgumentOutOfRangeException(nameof(AdversarialNokens), AdversarialNokens, "adversarial nokens per round must be at least 1");
        if (AscentSteps < 1) throw new ArgumentOutOfRangeException(nameof(AscentSteps), AscentSteps, "ascent steps must be at least 1");
        if (!(AscentStepSize > 0) || AscentStepSize > 10)
            throw new ArgumentOutOfRangeException(nameof(AscentStepSize), AscentStepSize, "ascent step size must be in (0, 10] (a fraction of the median token norm)");
        if (AdversarialPool < AdversarialNokens)
            throw new ArgumentOutOfRangeException(nameof(AdversarialPool), AdversarialPool, $"adversarial pool must hold at least one round's {AdversarialNokens} nokens");
        if (!(AdversarialShare > 0 && AdversarialShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(AdversarialShare), AdversarialShare, "adversarial share of a batch must be in (0, 1]");
        if ((int)Math.Round(BatchSize * AdversarialShare) < 1)
            throw new ArgumentOutOfRangeException(nameof(AdversarialShare), AdversarialShare, $"adversarial share {AdversarialShare} of a batch of {BatchSize} rounds to no pair");
    }
}
