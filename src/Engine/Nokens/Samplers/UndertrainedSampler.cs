using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>undertrained</c>: near the centroid of the <c>m</c> most under-trained-looking tokens (see
/// <see cref="EmbeddingStatistics.UndertrainedCandidates"/>): their mean plus Gaussian noise with per-dimension
/// std = <c>scale</c> × their per-dimension (population) std. This is where real glitch tokens live.
/// </summary>
public sealed class UndertrainedSampler : NokenSampler
{
    readonly double[] _centre, _std;

    public IReadOnlyList<int> CandidateIds { get; }
    public double Scale { get; }
    /// <summary>[D] the mean of the candidates' embeddings.</summary>
    public IReadOnlyList<double> Centre => _centre;

    internal UndertrainedSampler(NokenRecipe recipe, EmbeddingStatistics statistics, int m, double scale)
        : base(recipe, statistics.Dimension)
    {
        Scale = scale;
        CandidateIds = statistics.UndertrainedCandidates(m).Select(c => c.Id).ToArray();
        int d = Dimension;
        _centre = new double[d];
        _std = new double[d];
        foreach (var id in CandidateIds)
        {
            var row = statistics.Row(id);
            for (int j = 0; j < d; j++) _centre[j] += row[j];
        }
        for (int j = 0; j < d; j++) _centre[j] /= m;
        foreach (var id in CandidateIds)
        {
            var row = statistics.Row(id);
            for (int j = 0; j < d; j++) _std[j] += (row[j] - _centre[j]) * (row[j] - _centre[j]);
        }
        for (int j = 0; j < d; j++) _std[j] = Math.Sqrt(_std[j] / m);
    }

    protected override void Generate(long index, Span<double> noken)
    {
        var random = Random(index, NoiseStream);
        for (int j = 0; j < noken.Length; j++) noken[j] = _centre[j] + Scale * _std[j] * random.NextGaussian();
    }
}
