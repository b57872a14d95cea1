using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>mixture</c>: a convex combination of <c>k</c> real tokens drawn uniformly (with replacement), weights from a
/// flat Dirichlet(1, ..., 1) — normalised Exponential(1) draws — i.e. uniform on the simplex. k = 1 gives real
/// tokens themselves; k = 2 points on segments between tokens.
/// </summary>
public sealed class MixtureSampler : NokenSampler
{
    readonly EmbeddingStatistics _statistics;

    public int K { get; }

    internal MixtureSampler(NokenRecipe recipe, EmbeddingStatistics statistics, int k)
        : base(recipe, statistics.Dimension) => (_statistics, K) = (statistics, k);

    /// <summary>Which tokens noken <paramref name="index"/> mixes, and with what weights.</summary>
    public MixtureComponents ComponentsFor(long index)
    {
        var tokenRandom = Random(index, TokenStream);
        var weightRandom = Random(index, WeightStream);
        var tokens = new int[K];
        var weights = new double[K];
        double total = 0;
        for (int i = 0; i < K; i++)
        {
            tokens[i] = tokenRandom.NextInt(_statistics.VocabSize);
            weights[i] = weightRandom.NextExponential();
            total += weights[i];
        }
        for (int i = 0; i < K; i++) weights[i] /= total;
        return new MixtureComponents(tokens, weights);
    }

    protected override void Generate(long index, Span<double> noken)
    {
        var components = ComponentsFor(index);
        for (int i = 0; i < K; i++)
        {
            var row = _statistics.Row(components.Tokens[i]);
            double weight = components.Weights[i];
            for (int j = 0; j < noken.Length; j++) noken[j] += weight * row[j];
        }
    }
}
