using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>random-direction</c>: a direction uniform on the sphere (a normalised standard Gaussian) at the norm of a
/// real token drawn uniformly — so norms follow the real tokens' norm distribution exactly, while the
/// direction ignores the embedding geometry.
/// </summary>
public sealed class RandomDirectionSampler : NokenSampler
{
    readonly EmbeddingStatistics _statistics;

    internal RandomDirectionSampler(NokenRecipe recipe, EmbeddingStatistics statistics)
        : base(recipe, statistics.Dimension) => _statistics = statistics;

    protected override void Generate(long index, Span<double> noken)
    {
        var pick = Random(index, NormStream);
        double norm = _statistics.NormSpan[pick.NextInt(_statistics.VocabSize)];
        var random = Random(index, NoiseStream);
        double length;
        do
        {
            noken.Clear();
            AddGaussian(ref random, noken, 1);
            length = 0;
            foreach (var x in noken) length += x * x;
        } while (length == 0);  // practically never; a zero vector has no direction
        double factor = norm / Math.Sqrt(length);
        for (int j = 0; j < noken.Length; j++) noken[j] *= factor;
    }
}
