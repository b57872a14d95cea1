using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Study;

/// <summary>The study's sampled nokens: the five base strategies in turn, each seeded from one study seed, so a set is
/// the same in every process (a training seed's nokens for the noken arms, a fixed suite seed for the evaluation).</summary>
static class StudyNokens
{
    static readonly string[] Strategies =
        [NokenStrategies.GaussianDiag, NokenStrategies.TokenNoise, NokenStrategies.RandomDirection, NokenStrategies.Mixture, NokenStrategies.Init];

    public static IReadOnlyList<float[]> Sample(EmbeddingStatistics statistics, ModelConfig config, int count, long seed)
    {
        var samplers = Strategies.Select((s, i) => NokenSamplers.Create(new NokenRecipe(s, new Dictionary<string, double>(), 10_000L * seed + i), statistics, config)).ToList();
        return [.. Enumerable.Range(0, count).Select(i => samplers[i % samplers.Count].Sample(i / samplers.Count))];
    }
}
