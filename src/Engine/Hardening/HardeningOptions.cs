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
    }
}
