namespace Orleans.Noken.Engine.Training;

/// <summary>What a run did: the loss of every step, and its cost.</summary>
public sealed record TrainingReport(IReadOnlyList<double> StepLosses, long Tokens, TimeSpan Elapsed);
