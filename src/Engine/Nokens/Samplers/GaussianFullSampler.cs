using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary><c>gaussian-full</c>: N(μ, Σ) with the embedding matrix's full covariance, sampled as μ + L·z.</summary>
/// <remarks>
/// L·z is a plain C# loop rather than a torch matmul: a BLAS may block a matmul differently for different batch
/// sizes, which would make noken i depend on the batch it was sampled in.
/// </remarks>
public sealed class GaussianFullSampler : NokenSampler
{
    readonly double[] _mean;
    readonly double[] _cholesky;  // [D, D] row-major lower triangular

    internal GaussianFullSampler(NokenRecipe recipe, EmbeddingStatistics statistics) : base(recipe, statistics.Dimension)
    {
        _mean = statistics.MeanSpan.ToArray();
        _cholesky = statistics.Covariance.Cholesky;
    }

    protected override void Generate(long index, Span<double> noken)
    {
        int d = Dimension;
        var random = Random(index, NoiseStream);
        var z = new double[d];
        for (int j = 0; j < d; j++) z[j] = random.NextGaussian();
        for (int i = 0; i < d; i++)
        {
            var row = _cholesky.AsSpan(i * d, i + 1);
            // Four independent partial sums in a fixed order: faster, and the same on every machine.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 3 < row.Length; j += 4)
            {
                s0 += row[j] * z[j];
                s1 += row[j + 1] * z[j + 1];
                s2 += row[j + 2] * z[j + 2];
                s3 += row[j + 3] * z[j + 3];
            }
            for (; j < row.Length; j++) s0 += row[j] * z[j];
            noken[i] = _mean[i] + ((s0 + s1) + (s2 + s3));
        }
    }
}
