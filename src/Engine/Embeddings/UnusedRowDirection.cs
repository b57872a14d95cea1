using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Embeddings;

/// <summary>
/// The second under-training indicator, after Land and Bartolo's "Fishing for Magikarp" (2024): rows that no token can
/// ever use (a model's vocabulary padding beyond its tokenizer) only ever received the gradients every unused row gets,
/// so they all point one way; real tokens that barely occurred in training point the same way. Each real token is
/// scored by the cosine between its centred embedding and the centred mean of the unused rows. With tied embeddings
/// such tokens can have a <em>high</em> norm (the output layer pushes them all alike), which the low-norm indicator
/// misses; this one does not depend on the norm.
/// </summary>
public static class UnusedRowDirection
{
    /// <param name="matrix">[V, D] fp32 embedding matrix, real tokens first.</param>
    /// <param name="realRows">How many leading rows are real tokens; the rest are unused padding.</param>
    /// <returns>The <paramref name="k"/> real tokens most aligned with the unused rows, most aligned first; none
    /// when there are no unused rows to learn the direction from.</returns>
    public static IReadOnlyList<TokenSimilarity> MostSimilar(Tensor matrix, int realRows, int k)
    {
        long rows = matrix.shape[0];
        if (realRows >= rows || realRows <= 0 || k <= 0) return [];
        using var scope = torch.NewDisposeScope();
        var real = matrix.narrow(0, 0, realRows).to(ScalarType.Float64);                   // [T, D]
        var unused = matrix.narrow(0, realRows, rows - realRows).to(ScalarType.Float64);   // [U, D]
        var centre = real.mean([0L]);                                                      // [D]
        var direction = unused.mean([0L]).sub(centre);
        direction = direction.div(direction.norm().clamp_min(1e-12));
        var centred = real.sub(centre);                                                    // [T, D]
        var cosines = centred.matmul(direction).div(centred.norm(1).clamp_min(1e-12));   // [T]
        var (values, indices) = cosines.topk(Math.Min(k, realRows));
        var v = values.data<double>().ToArray();
        var ids = indices.data<long>().ToArray();
        return ids.Select((id, i) => new TokenSimilarity((int)id, v[i])).ToList();
    }
}
