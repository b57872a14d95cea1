namespace Orleans.Noken.Engine.Training;

/// <summary>
/// A token sequence and the first position whose token the loss counts: everything before
/// <see cref="LossFrom"/> (the user's turn, the chat markup up to the assistant's first token) is context only.
/// </summary>
public sealed record TrainingExample(int[] Ids, int LossFrom)
{
    /// <summary>How many tokens the loss is computed on.</summary>
    public int TargetCount => Math.Max(Ids.Length - Math.Max(LossFrom, 1), 0);
}
