using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>glitch-tokens</c>: not nokens at all, but the real embedding rows of the model's <c>m</c> most
/// under-trained-looking tokens (<see cref="EmbeddingStatistics.UndertrainedCandidates"/>, the indicators
/// <c>noken model inspect</c> prints), index i being the i-th. Run through the same prompts and detectors as nokens,
/// they answer whether real glitch tokens behave like nokens, and which strategy's nokens resemble them most.
/// </summary>
public sealed class GlitchTokenSampler : NokenSampler
{
    /// <summary>Tokens taken when the recipe gives no <c>m</c>.</summary>
    public const int DefaultCount = 100;

    readonly EmbeddingStatistics _statistics;

    public IReadOnlyList<int> TokenIds { get; }

    internal GlitchTokenSampler(NokenRecipe recipe, EmbeddingStatistics statistics, int m) : base(recipe, statistics.Dimension)
    {
        _statistics = statistics;
        TokenIds = statistics.UndertrainedCandidates(m).Select(c => c.Id).ToArray();
    }

    protected override void Generate(long index, Span<double> noken)
    {
        if (index >= TokenIds.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"glitch-tokens has {TokenIds.Count} tokens (parameter m); index {index} is past them: a count must not exceed m");
        var row = _statistics.Row(TokenIds[(int)index]);
        for (int j = 0; j < noken.Length; j++) noken[j] = row[j];
    }
}
