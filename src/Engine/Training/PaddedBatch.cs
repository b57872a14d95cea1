using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Training;

/// <summary>
/// Examples padded on the right to the batch's longest: inputs <c>[B, T]</c> and next-token labels <c>[B, T]</c>
/// with <see cref="Ignore"/> wherever the loss must not look (context, padding). Right padding needs no attention
/// mask: a causal model's real positions never attend to the pads after them.
/// </summary>
public static class PaddedBatch
{
    public const long Ignore = -100;

    /// <returns>(inputs, labels, number of counted targets); the tensors belong to the caller's dispose scope.</returns>
    public static (Tensor Inputs, Tensor Labels, int Targets) Build(IReadOnlyList<TrainingExample> examples, int padId)
    {
        int length = examples.Max(e => e.Ids.Length) - 1;
        if (length < 1) throw new ArgumentException("every example in the batch is shorter than two tokens");
        var inputs = new long[examples.Count * length];
        var labels = new long[examples.Count * length];
        int targets = 0;
        for (int b = 0; b < examples.Count; b++)
        {
            var ids = examples[b].Ids;
            for (int t = 0; t < length; t++)
            {
                int at = b * length + t;
                inputs[at] = t < ids.Length ? ids[t] : padId;
                bool counted = t + 1 < ids.Length && t + 1 >= examples[b].LossFrom;
                labels[at] = counted ? ids[t + 1] : Ignore;
                if (counted) targets++;
            }
        }
        return (tensor(inputs, [examples.Count, length]), tensor(labels, [examples.Count, length]), targets);
    }
}
