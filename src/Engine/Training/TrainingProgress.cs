namespace Orleans.Noken.Engine.Training;

/// <summary>A progress report: the mean loss over the steps since the last report, throughput in counted
/// (assistant) tokens and in all tokens, and the time left at the current pace.</summary>
public sealed record TrainingProgress(
    string Stage, int Step, int Steps, double Loss, double LearningRate, double TargetTokensPerSecond, double TokensPerSecond,
    TimeSpan Elapsed, TimeSpan Remaining)
{
    public override string ToString() =>
        FormattableString.Invariant(
            $"[{Stage}] step {Step,5}/{Steps}  loss {Loss:F4}  lr {LearningRate:E2}  {TokensPerSecond:F0} tok/s ({TargetTokensPerSecond:F0} target tok/s)  elapsed {Elapsed:mm\\:ss}  ETA {Remaining:mm\\:ss}");
}
