namespace Orleans.Noken.Engine.Training;

/// <summary>One training run's hyper-parameters. Defaults suit a few-million-parameter model on a CPU.</summary>
public sealed record TrainingOptions
{
    public int Steps { get; init; } = 600;
    public int BatchSize { get; init; } = 32;            // sequences per step
    public double PeakLearningRate { get; init; } = 3e-3;
    public int WarmupSteps { get; init; } = 30;
    public double MinLearningRateFraction { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.01;
    public double GradientClip { get; init; } = 1.0;     // max global gradient norm
    public int Seed { get; init; } = 1;                  // batch order
    public int PadId { get; init; }
    /// <summary>Steps between progress reports.</summary>
    public int ReportEvery { get; init; } = 10;

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (PeakLearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(PeakLearningRate), PeakLearningRate, "learning rate must be positive");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "warm-up steps must be >= 0");
    }
}
