using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Training;

/// <summary>The mean cross-entropy per counted token over a set of examples (no gradients): the number the
/// organism's card compares between its base and aligned checkpoints.</summary>
public static class MaskedLoss
{
    public static double Mean(CausalLanguageModel model, IReadOnlyList<TrainingExample> examples, int padId, int batchSize = 32)
    {
        if (examples.Count == 0) throw new ArgumentException("no examples to score", nameof(examples));
        using var noGrad = no_grad();
        double total = 0;
        long counted = 0;
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var batch = examples.Skip(start).Take(batchSize).ToList();
            var (inputs, labels, targets) = PaddedBatch.Build(batch, padId);
            total += Of(model, inputs, labels, nn.Reduction.Sum).item<float>();
            counted += targets;
        }
        return counted == 0 ? double.NaN : total / counted;
    }

    /// <summary>Cross-entropy of the model's next-token logits against <paramref name="labels"/> <c>[B, T]</c>, with
    /// padding and masked (non-assistant) positions ignored. Training and evaluation share it, so both count the same
    /// tokens.</summary>
    public static Tensor Of(CausalLanguageModel model, Tensor inputs, Tensor labels, nn.Reduction reduction = nn.Reduction.Mean) =>
        OfEmbeddings(model, model.EmbedWithGradients(inputs), labels, reduction);

    /// <summary>The same loss from embeddings <c>[B, T, D]</c> (e.g. perturbed ones) instead of ids.</summary>
    public static Tensor OfEmbeddings(CausalLanguageModel model, Tensor embeddings, Tensor labels, nn.Reduction reduction = nn.Reduction.Mean)
    {
        var logits = model.ForwardWithGradients(embeddings); // [B, T, V]
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), labels.reshape(-1),
            ignore_index: PaddedBatch.Ignore, reduction: reduction);
    }
}
