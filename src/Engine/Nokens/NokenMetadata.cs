using Orleans.Noken.Engine.Embeddings;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>What a noken is near: its L2 norm and the real tokens it most resembles (cosine, best first).</summary>
public sealed record NokenMetadata(long Index, double Norm, IReadOnlyList<TokenSimilarity> Nearest)
{
    public const int DefaultNearest = 5;

    /// <summary>
    /// Metadata for a batch of nokens [N, D] whose first row is noken <paramref name="startIndex"/>; the
    /// nearest-token search runs batched through <see cref="EmbeddingStatistics.NearestTokens"/>.
    /// </summary>
    public static IReadOnlyList<NokenMetadata> Compute(
        Tensor nokens, long startIndex, EmbeddingStatistics statistics, int nearest = DefaultNearest)
    {
        ArgumentNullException.ThrowIfNull(nokens);
        ArgumentNullException.ThrowIfNull(statistics);
        var neighbours = statistics.NearestTokens(nokens, Math.Min(nearest, statistics.VocabSize));
        int n = (int)nokens.shape[0], d = (int)nokens.shape[1];
        using var cpu = nokens.detach().to(ScalarType.Float32, CPU).contiguous();
        var values = cpu.data<float>().ToArray();
        var result = new NokenMetadata[n];
        for (int i = 0; i < n; i++)
        {
            // Norms in float64 from the fp32 values, like EmbeddingStatistics.Norms, so the two compare directly.
            double squares = 0;
            for (int j = 0; j < d; j++) squares += (double)values[i * d + j] * values[i * d + j];
            result[i] = new NokenMetadata(startIndex + i, Math.Sqrt(squares), neighbours[i]);
        }
        return result;
    }
}
