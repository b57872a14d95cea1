using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary><c>gaussian-diag</c>: N(μ, diag(σ²)) with the embedding matrix's per-dimension mean and std.</summary>
public sealed class GaussianDiagSampler : NokenSampler
{
    readonly double[] _mean, _std;

    internal GaussianDiagSampler(NokenRecipe recipe, EmbeddingStatistics statistics) : base(recipe, statistics.Dimension)
    {
        _mean = statistics.MeanSpan.ToArray();
        _std = statistics.StdSpan.ToArray();
    }

    protected override void Generate(long index, Span<double> noken)
    {
        var random = Random(index, NoiseStream);
        for (int j = 0; j < noken.Length; j++) noken[j] = _mean[j] + _std[j] * random.NextGaussian();
    }
}
