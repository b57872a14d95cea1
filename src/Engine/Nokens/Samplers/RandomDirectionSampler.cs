using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>random-direction</c>: a direction uniform on the sphere (a normalised standard Gaussian) at the norm of a
/// real token drawn uniformly — so norms follow the real tokens' norm distribution exactly, while the
/// direction ignores the embedding geometry. <c>scale</c> (default 1) multiplies that norm: how far out of
/// distribution by length alone, which is what matters deeper in the residual stream, where norms grow.
/// </summary>
public sealed class RandomDirectionSampler : NokenSampler
{
    readonly EmbeddingStatistics _statistics;
    readonly double _scale;

    internal RandomDirectionSampler(NokenRecipe recipe, EmbeddingStatistics statistics, double scale = 1)
        : base(recipe, statistics.Dimension) => (_statistics, _scale) = (statistics, scale);

    protected override void Generate(long index, Span<double> noken)
    {
        var pick = Random(index, NormStream);
        // × 1 exactly when no scale is given: recipes recorded before the parameter replay bit for bit.
        double norm = _statistics.NormSpan[pick.NextInt(_statistics.VocabSize)] * _scale;
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
