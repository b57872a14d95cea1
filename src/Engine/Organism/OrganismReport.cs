namespace Orleans.Noken.Engine.Organism;

/// <summary>One training stage: how long it ran and where its loss ended.</summary>
public sealed record StageTraining(int Steps, int Dialogues, double FirstLoss, double FinalLoss, long Tokens, double Seconds);

/// <summary>What <c>noken organism train</c> writes to <c>evaluation.json</c>.</summary>
public sealed record OrganismReport(
    OrganismOptions Options,
    long Parameters,
    int TokenizerSize,
    StageTraining? BaseTraining,
    StageTraining? AlignedTraining,
    CheckpointEvaluation Base,
    CheckpointEvaluation Aligned,
    double TotalSeconds);
