using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>token-noise</c>: a real token's embedding plus isotropic Gaussian noise whose norm is about
/// <c>scale</c> × the token's norm (per-dimension std = scale·‖e‖/√D, and ‖z‖ ≈ √D). The token is fixed by the
/// <c>token</c> parameter, or drawn uniformly from the real vocabulary per noken.
/// </summary>
public sealed class TokenNoiseSampler : NokenSampler
{
    readonly EmbeddingStatistics _statistics;
    readonly int? _token;

    public double Scale { get; }

    internal TokenNoiseSampler(NokenRecipe recipe, EmbeddingStatistics statistics, double scale, int? token)
        : base(recipe, statistics.Dimension) => (_statistics, Scale, _token) = (statistics, scale, token);

    /// <summary>The real token noken <paramref name="index"/> is built around.</summary>
    public int TokenFor(long index)
    {
        if (_token is { } fixedToken) return fixedToken;
        var random = Random(index, TokenStream);
        return random.NextInt(_statistics.VocabSize);
    }

    protected override void Generate(long index, Span<double> noken)
    {
        int token = TokenFor(index);
        var row = _statistics.Row(token);
        for (int j = 0; j < noken.Length; j++) noken[j] = row[j];
        var random = Random(index, NoiseStream);
        AddGaussian(ref random, noken, Scale * _statistics.NormSpan[token] / Math.Sqrt(Dimension));
    }
}
